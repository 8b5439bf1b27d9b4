namespace GradientFlows.Cli.Invocation;

/// <summary>The program's exit codes, as listed in <c>--help</c> and the README.</summary>
internal static class ExitCode
{
    /// <summary>The run finished and every statement it checks held.</summary>
    public const int Success = 0;

    /// <summary>
    /// A value did not parse or is out of range, the run was refused up front (its memory estimate exceeds the memory
    /// available), or a statement the run checks was contradicted (the demo says which).
    /// </summary>
    public const int Usage = 1;

    /// <summary>An output folder cannot be created or written; checked before any computation.</summary>
    public const int OutputNotWritable = 2;

    /// <summary>An unexpected failure (one line on stderr; <c>--verbose</c> adds the stack trace).</summary>
    public const int Failure = 3;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT, the shell's convention).</summary>
    public const int Interrupted = 130;
}
