using System;
using System.Collections.Generic;
using System.Text;

namespace SafeCache.Cli.Fixing;

/// <summary>A unified diff (3 lines of context) of one file, as <c>git diff</c> prints it, for <c>fix --dry-run</c>.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string path, string before, string after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var edits = Diff(a, b);
        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n');
        output.Append("+++ b/").Append(path).Append('\n');

        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from Context lines before this change until Context lines after the last change within reach.
            var start = Math.Max(0, i - Context);
            var end = i;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    end++;
                    continue;
                }

                var next = end;
                while (next < edits.Count && edits[next].Kind == ' ')
                {
                    next++;
                }

                if (next < edits.Count && next - end <= 2 * Context)
                {
                    end = next;
                    continue;
                }

                end = Math.Min(edits.Count, end + Context);
                break;
            }

            var oldStart = edits[start].OldLine;
            var newStart = edits[start].NewLine;
            var oldCount = 0;
            var newCount = 0;
            var body = new StringBuilder();
            for (var k = start; k < end; k++)
            {
                var edit = edits[k];
                body.Append(edit.Kind).Append(edit.Text).Append('\n');
                oldCount += edit.Kind != '+' ? 1 : 0;
                newCount += edit.Kind != '-' ? 1 : 0;
            }

            output.Append($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n").Append(body);
            i = end;
        }

        return output.ToString();
    }

    private static string Range(int start, int count) => count == 0 ? $"{start},0" : count == 1 ? $"{start + 1}" : $"{start + 1},{count}";

    private static string[] SplitLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    // Common prefix and suffix are trimmed first, so the quadratic LCS only sees the changed middle of a file.
    private static List<Edit> Diff(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var edits = new List<Edit>();
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new Edit(' ', a[k], k, k));
        }

        int i = 0, j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[prefix + i] == b[prefix + j])
            {
                edits.Add(new Edit(' ', a[prefix + i], prefix + i, prefix + j));
                i++;
                j++;
            }
            else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(new Edit('-', a[prefix + i], prefix + i, prefix + j));
                i++;
            }
            else
            {
                edits.Add(new Edit('+', b[prefix + j], prefix + i, prefix + j));
                j++;
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            edits.Add(new Edit(' ', a[prefix + n + k], prefix + n + k, prefix + m + k));
        }

        return edits;
    }
}
