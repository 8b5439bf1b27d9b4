using System.CommandLine;

namespace GradientFlows.Cli.Invocation;

/// <summary>What a command writes on stdout: the human-readable table, or one JSON document with the same numbers.</summary>
internal enum OutputFormat
{
    /// <summary>Text and tables (plain, unwrapped columns when stdout is redirected).</summary>
    Table,

    /// <summary>One JSON document on stdout; progress, if any, on stderr.</summary>
    Json,
}

/// <summary>The <c>--format</c> option.</summary>
internal static class OutputFormatOption
{
    /// <summary>Creates <c>--format table|json</c> (default table).</summary>
    public static Option<OutputFormat> Create()
    {
        var option = new Option<OutputFormat>("--format")
        {
            Description = "table (default) or json: one JSON document on stdout with the numbers the table shows",
            HelpName = "table|json",
        };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return OutputFormat.Table;
            }
            string text = result.Tokens[0].Value;
            if (string.Equals(text, "table", StringComparison.OrdinalIgnoreCase))
            {
                return OutputFormat.Table;
            }
            if (string.Equals(text, "json", StringComparison.OrdinalIgnoreCase))
            {
                return OutputFormat.Json;
            }
            result.AddError($"--format: expected table or json, got '{text}'.");
            return OutputFormat.Table;
        };
        return option;
    }
}
