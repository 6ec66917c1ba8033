using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace SafeCache.Cli.Loading;

/// <summary>
/// <c>--exclude</c> patterns, matched against paths relative to the scanned root with '/' separators:
/// <c>*</c> and <c>?</c> stay within one segment, <c>**</c> spans folders, a pattern without '/' matches any single
/// segment (like .gitignore), and a pattern that matches a folder excludes everything under it.
/// </summary>
internal sealed class PathGlob
{
    private readonly Regex _regex;
    private readonly bool _anySegment;

    private PathGlob(string pattern)
    {
        var trimmed = pattern.Replace('\\', '/').Trim();
        if (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(2);
        }

        trimmed = trimmed.Trim('/');

        _anySegment = !trimmed.Contains('/');
        _regex = new Regex("^" + ToRegex(trimmed) + "$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }

    public static IReadOnlyList<PathGlob> Parse(IEnumerable<string> patterns)
        => patterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new PathGlob(p)).ToList();

    /// <summary>True when <paramref name="relativePath"/> (a file or folder) or any folder above it matches.</summary>
    public bool Matches(string relativePath)
    {
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            if (_anySegment ? _regex.IsMatch(segments[i]) : _regex.IsMatch(string.Join('/', segments, 0, i + 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static string ToRegex(string glob)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.ToString();
    }
}
