using GradientFlows.Cli;
using GradientFlows.Cli.Invocation;

// Ctrl-C: one line on stderr, the cursor restored if a progress display hid it, exit code 130.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (!Console.IsErrorRedirected)
    {
        Console.Error.Write("\u001b[?25h");
    }
    Console.Error.WriteLine("gradient-flows: interrupted (Ctrl-C); the run stopped before writing its results.");
    Environment.Exit(ExitCode.Interrupted);
};
return CliProgram.Run(args, Terminal.FromConsole());
