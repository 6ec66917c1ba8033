using System.IO;
using System.Linq;
using SafeCache.Cli.Reports;
using SafeCache.Cli.Rules;

namespace SafeCache.Cli.Commands;

/// <summary><c>safecache rules</c>: the rule table, built from the analyzers' own descriptors and the fix providers.</summary>
internal static class RulesCommand
{
    public static int Run(TextWriter stdout)
    {
        var rules = RuleCatalog.Load().Rules;
        var rows = rules.Select(r => new[]
        {
            r.Id, r.Title, r.Category, Severities.Name(r.DefaultSeverity), r.Fixes.Count == 0 ? "-" : string.Join(", ", r.Fixes), r.HelpUri,
        }).ToList();
        var header = new[] { "ID", "Title", "Category", "Default", "Fixes", "Docs" };
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();

        stdout.WriteLine(Line(header, widths));
        stdout.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
        {
            stdout.WriteLine(Line(row, widths));
        }

        return ExitCodes.Clean;
    }

    private static string Line(string[] cells, int[] widths)
        => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
