using System.CommandLine;
using GradientFlows.Certificate;
using GradientFlows.Cli;
using GradientFlows.Cli.Invocation;

// dotnet run --project proofs-as-tests/GradientFlows.Certificate -- [--seed S] [--count N] [--theorem PREFIX] [--report DIR] [--format json]
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (!Console.IsErrorRedirected)
    {
        Console.Error.Write("\u001b[?25h");
    }
    Console.Error.WriteLine("verify: interrupted (Ctrl-C); no report was written.");
    Environment.Exit(ExitCode.Interrupted);
};
var terminal = Terminal.FromConsole();
var root = VerifyCommand.Create(terminal);
var verbose = new Option<bool>("--verbose") { Description = "on an unexpected failure, print the stack trace too" };
root.Options.Add(verbose);
return CliProgram.Invoke(root, args, terminal, "verify", verbose);
