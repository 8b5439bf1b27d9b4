using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace GradientFlows.Proofs.Conventions;

/// <summary>
/// The repository stands alone: no Markdown, C#, JSON or citation file refers to a path outside it, and every Markdown
/// link to a repository file points at a file (and heading) that exists. A reader of a fresh clone can follow every
/// reference.
/// </summary>
/// <remarks>
/// Three checks over the tracked kinds of text (<c>*.md</c>, <c>*.cs</c>, <c>*.json</c>, <c>*.cff</c>; build output, test
/// results and reports excluded):
/// <list type="number">
/// <item>a relative Markdown link (or image) resolves, from the page that holds it, to an existing file or folder
/// inside the repository root, and a <c>#fragment</c> into a Markdown page names one of its headings (GitHub's anchor
/// rule);</item>
/// <item>a parent-relative path anywhere in the text (a run of <c>..</c> segments, then a path) names something that
/// exists in the repository when its parent segments are dropped, i.e. it is a path used from some folder of the
/// repository and not a folder beside it;</item>
/// <item>no file names the specification folder the project was built from, which is not published with it.</item>
/// </list>
/// </remarks>
public sealed partial class RepositoryLinkTests
{
    /// <summary>Folders that hold generated files, never sources.</summary>
    private static readonly HashSet<string> GeneratedFolders = new(StringComparer.Ordinal)
    {
        ".git", ".vs", "bin", "obj", "out", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts", "__mismatch__", "reports",
    };

    private static readonly string[] Extensions = [".md", ".cs", ".json", ".cff"];

    [Fact]
    [Trait("Theorem", "META.Links")]
    public void EveryMarkdownLink_Resolves_InsideRepository()
    {
        string root = RepositoryRoot();
        var problems = new List<string>();
        foreach (var file in SourceFiles(root).Where(f => f.EndsWith(".md", StringComparison.Ordinal)))
        {
            string text = WithoutCode(File.ReadAllText(file));
            foreach (Match link in MarkdownLink().Matches(text))
            {
                string target = link.Groups["target"].Value;
                if (target.StartsWith('#') || Scheme().IsMatch(target))
                {
                    if (target.StartsWith('#') && !HeadingAnchors(file).Contains(target[1..]))
                    {
                        problems.Add($"{Relative(root, file)}: link '{target}' names no heading of the page");
                    }
                    continue;
                }
                string pathPart = Uri.UnescapeDataString(target.Split('#', 2)[0].Split('?', 2)[0]);
                string fragment = target.Contains('#') ? target[(target.IndexOf('#') + 1)..] : "";
                string resolved = Path.GetFullPath(pathPart.StartsWith('/')
                    ? Path.Combine(root, pathPart.TrimStart('/'))
                    : Path.Combine(Path.GetDirectoryName(file)!, pathPart));
                if (!IsInside(root, resolved))
                {
                    problems.Add($"{Relative(root, file)}: link '{target}' leaves the repository");
                }
                else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    problems.Add($"{Relative(root, file)}: link '{target}' points at {Relative(root, resolved)}, which does not exist");
                }
                else if (fragment.Length > 0 && resolved.EndsWith(".md", StringComparison.Ordinal) && !HeadingAnchors(resolved).Contains(fragment))
                {
                    problems.Add($"{Relative(root, file)}: link '{target}' names no heading of {Relative(root, resolved)}");
                }
            }
        }
        Check.That(problems.Count == 0, "Markdown links that cannot be followed in a clone of the repository:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    [Trait("Theorem", "META.Links")]
    public void EveryParentRelativePath_Names_RepositoryContent()
    {
        string root = RepositoryRoot();
        var problems = new List<string>();
        foreach (var file in SourceFiles(root))
        {
            string text = File.ReadAllText(file);
            foreach (Match path in ParentRelativePath().Matches(text))
            {
                string rest = path.Groups["rest"].Value;
                string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path.Value));
                bool fromHere = IsInside(root, resolved) && (File.Exists(resolved) || Directory.Exists(resolved));
                if (!fromHere && !ExistsBelowSomeFolder(root, rest))
                {
                    problems.Add($"{Relative(root, file)}: '{path.Value}' names nothing in the repository");
                }
            }
            if (SpecificationFolder().IsMatch(text))
            {
                problems.Add($"{Relative(root, file)}: names the unpublished specification folder");
            }
        }
        Check.That(problems.Count == 0, "paths that leave the repository:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>The folder holding Reference.sln, found upwards from this source file or from the test assembly.</summary>
    private static string RepositoryRoot([CallerFilePath] string sourcePath = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourcePath), AppContext.BaseDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Reference.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException(
            $"no folder holding Reference.sln above {sourcePath} or {AppContext.BaseDirectory}; run the convention tests from a clone");
    }

    private static IEnumerable<string> SourceFiles(string root)
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in dir.EnumerateDirectories().Where(d => !GeneratedFolders.Contains(d.Name)))
            {
                pending.Push(sub);
            }
            foreach (var file in dir.EnumerateFiles().Where(f => Extensions.Contains(f.Extension, StringComparer.Ordinal)))
            {
                yield return file.FullName;
            }
        }
    }

    /// <summary>True when <paramref name="rest"/> exists below the root or below any folder of the repository.</summary>
    private static bool ExistsBelowSomeFolder(string root, string rest)
    {
        if (rest.Length == 0)
        {
            return true;
        }
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            string candidate = Path.Combine(dir.FullName, rest);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return true;
            }
            foreach (var sub in dir.EnumerateDirectories().Where(d => !GeneratedFolders.Contains(d.Name)))
            {
                pending.Push(sub);
            }
        }
        return false;
    }

    /// <summary>
    /// GitHub's heading anchors of a Markdown page: lower case, punctuation (backticks included) dropped, spaces to
    /// hyphens, -1, -2 … on repeats; plus explicit HTML anchors.
    /// </summary>
    private static HashSet<string> HeadingAnchors(string markdownFile)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedCode().Replace(File.ReadAllText(markdownFile), "")))
        {
            var slug = new StringBuilder();
            foreach (char c in heading.Groups["title"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }
            string anchor = slug.ToString();
            int repeats = seen.GetValueOrDefault(anchor);
            seen[anchor] = repeats + 1;
            anchors.Add(repeats == 0 ? anchor : $"{anchor}-{repeats}");
        }
        foreach (Match explicitAnchor in HtmlAnchor().Matches(File.ReadAllText(markdownFile)))
        {
            anchors.Add(explicitAnchor.Groups["id"].Value);
        }
        return anchors;
    }

    /// <summary>The text with fenced code blocks and inline code spans blanked, so that code is not read as links.</summary>
    private static string WithoutCode(string markdown) => InlineCode().Replace(FencedCode().Replace(markdown, ""), "");

    private static bool IsInside(string root, string path)
    {
        string relative = Path.GetRelativePath(root, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    [GeneratedRegex(@"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"(?:\.\./)+(?<rest>[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*)")]
    private static partial Regex ParentRelativePath();

    [GeneratedRegex(@"shared[/\\]spec")]
    private static partial Regex SpecificationFolder();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<title>.+?)[ \t]*#*[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:name|id)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();
}
