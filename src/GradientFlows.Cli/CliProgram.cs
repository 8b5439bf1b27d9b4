using System.CommandLine;
using System.Globalization;
using System.Reflection;
using GradientFlows.Cli.Demos;
using GradientFlows.Cli.Invocation;
using GradientFlows.Cli.Vectors;
using GradientFlows.LinearAlgebra;

namespace GradientFlows.Cli;

/// <summary>
/// The command line of <c>gradient-flows</c>: parses, reports a bad value as one line on stderr (exit 1), runs the
/// command, and turns any unexpected exception into one line (exit 3; <c>--verbose</c> adds the stack trace).
/// </summary>
public static class CliProgram
{
    /// <summary>Exit codes and limits, appended to the root command's help.</summary>
    internal static string Limits =>
        string.Create(CultureInfo.InvariantCulture,
            $"Limits: widths, T and seeds are 32-bit integers (widths and T ≥ 1); a run whose memory estimate exceeds the memory available to this process ({MemoryBudget.Format(MemoryBudget.AvailableBytes)} here) is refused before it starts: ") +
        $"main job {MemoryBudget.HealthFormula}; adapted {MemoryBudget.AdaptedFormula}; linear {MemoryBudget.LinearFormula}. " +
        "Exit codes: 0 done, 1 bad value, refused run or a contradicted statement, 2 output folder not writable, 3 unexpected failure, 130 interrupted (Ctrl-C).";

    /// <summary>Runs the program with <paramref name="args"/>, writing to the given writers as a redirected process would.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Receives stdout.</param>
    /// <param name="error">Receives stderr.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, new Terminal(output, error, outputIsTerminal: false, errorIsTerminal: false));

    /// <summary>Runs the program on <paramref name="terminal"/>.</summary>
    internal static int Run(string[] args, Terminal terminal)
    {
        try
        {
            _ = ProductBackend.IsNative;
        }
        catch (InvalidOperationException e)
        {
            // GRADIENT_FLOWS_BLAS names no backend, or OpenBLAS was required and does not load: a usage error.
            terminal.Error.WriteLine($"gradient-flows: {e.Message}");
            return ExitCode.Usage;
        }
        var verbose = new Option<bool>("--verbose") { Description = "on an unexpected failure, print the stack trace too", Recursive = true };
        var root = new RootCommand(
            "Verified reference implementation of gradient-flow convergence theory. With no command it runs the learning-health " +
            "experiment of Gelada & Buckman (same options as 'health'). " + Limits);
        root.Options.Add(verbose);
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction(terminal);
        HealthDemo.Attach(root, terminal);
        root.Subcommands.Add(HealthDemo.Create(terminal));
        root.Subcommands.Add(AdaptedDemo.Create(terminal));
        root.Subcommands.Add(LinearDemo.Create(terminal));
        root.Subcommands.Add(VectorsCommand.Create(terminal));
        return Invoke(root, args, terminal, "gradient-flows", verbose);
    }

    /// <summary>
    /// Parses and invokes <paramref name="root"/>: parse errors become one line each on stderr (exit 1), an exception
    /// escaping the action one line (exit 3).
    /// </summary>
    internal static int Invoke(RootCommand root, string[] args, Terminal terminal, string program, Option<bool> verbose)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (string message in parse.Errors.Select(e => OutputFolder.OneLine(e.Message)).Distinct())
            {
                terminal.Error.WriteLine($"{program}: {message} (--help lists the options)");
            }
            return ExitCode.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = terminal.Output,
                Error = terminal.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            var cause = e;
            while (cause is TargetInvocationException or AggregateException && cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }
            if (cause is ArgumentException)
            {
                // The library's preconditions: a combination of values the options could not check one by one.
                terminal.Error.WriteLine($"{program}: {OutputFolder.OneLine(cause.Message)}");
                return ExitCode.Usage;
            }
            string what = cause is OutOfMemoryException ? "out of memory" : cause.GetType().Name;
            terminal.Error.WriteLine($"{program}: failed ({what}): {OutputFolder.OneLine(cause.Message)}" +
                                     (parse.GetValue(verbose) ? "" : " (--verbose shows where)"));
            if (parse.GetValue(verbose))
            {
                terminal.Error.WriteLine(cause.ToString());
            }
            return ExitCode.Failure;
        }
    }
}
