using System.Security;

namespace GradientFlows.Cli.Invocation;

/// <summary>Checks, before any computation, that an output folder can be created and written.</summary>
internal static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="folder"/> if missing and writes and deletes a probe file in it. Returns null when the
    /// folder is writable, otherwise one line naming the option, the folder and the reason.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="option">The option or argument that named it, e.g. <c>--output</c>.</param>
    public static string? Problem(DirectoryInfo folder, string option)
    {
        try
        {
            folder.Create();
            string probe = Path.Combine(folder.FullName, $".gradient-flows-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException or ArgumentException or NotSupportedException)
        {
            return $"{option} {folder.FullName}: the folder cannot be created or written ({OneLine(e.Message)}); nothing was computed.";
        }
    }

    /// <summary>A written file's path for display: relative to the working folder when it lies below it, else in full.</summary>
    public static string Display(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>The first line of a message.</summary>
    public static string OneLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
