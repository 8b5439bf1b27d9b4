using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using GradientFlows.LinearAlgebra;

namespace GradientFlows.Cli.Invocation;

/// <summary>
/// <c>--version</c>: the program's version, and on a second line which code computes the dense products (OpenBLAS or
/// the managed kernels, and why), since that decides both speed and the last digits of every flow.
/// </summary>
internal sealed class VersionAction(Terminal terminal) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        var assembly = typeof(VersionAction).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        terminal.Output.WriteLine($"gradient-flows {version}");
        terminal.Output.WriteLine($"{ProductBackend.Description} (set {ProductBackend.EnvironmentVariable}=auto|managed|openblas)");
        return ExitCode.Success;
    }
}
