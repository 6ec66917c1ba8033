using System;
using System.IO;
using System.Linq;
using SafeCache.Cli.Analysis;
using SafeCache.Cli.Rules;

namespace SafeCache.Cli.Reports;

/// <summary>Findings grouped by rule then file (<c>path:line:col  severity SCxxxx  message</c>), a summary table and totals.</summary>
internal static class TextReport
{
    public static void Write(ScanResult result, RuleCatalog catalog, TextWriter writer)
    {
        foreach (var rule in result.Findings.GroupBy(f => f.RuleId))
        {
            var title = catalog.Find(rule.Key)?.Title ?? string.Empty;
            writer.WriteLine($"{rule.Key}  {title}");
            foreach (var file in rule.GroupBy(f => f.Path))
            {
                foreach (var finding in file)
                {
                    writer.WriteLine($"  {finding.Path}:{finding.Line}:{finding.Column}  {Severities.Name(finding.Severity)} {finding.RuleId}  {finding.Message}");
                }
            }

            writer.WriteLine();
        }

        if (!result.Findings.IsEmpty)
        {
            var rows = result.Findings.GroupBy(f => f.RuleId)
                .Select(g => (Rule: g.Key, Count: g.Count(), Files: g.Select(f => f.Path).Distinct().Count(), Title: catalog.Find(g.Key)?.Title ?? string.Empty))
                .ToList();
            writer.WriteLine($"{"Rule",-8}{"Findings",9}{"Files",7}  Title");
            foreach (var row in rows)
            {
                writer.WriteLine($"{row.Rule,-8}{row.Count,9}{row.Files,7}  {row.Title}");
            }

            writer.WriteLine($"{"Total",-8}{result.Findings.Length,9}{result.Findings.Select(f => f.Path).Distinct().Count(),7}");
            writer.WriteLine();
        }

        writer.WriteLine(Totals(result));
        if (result.CompilerErrors > 0)
        {
            writer.WriteLine($"note: the code has {Plural(result.CompilerErrors, "compiler error")}; findings that need the unresolved types may be missing (solution mode with restored projects resolves more).");
        }
    }

    public static string Totals(ScanResult result)
    {
        var files = result.Findings.Select(f => f.Path).Distinct().Count();
        var baselined = result.Baselined > 0 ? $" ({result.Baselined} more in the baseline)" : string.Empty;
        return $"{Plural(result.Findings.Length, "finding")} in {Plural(files, "file")}{baselined}; "
            + $"{Plural(result.Projects, "project")}, {Plural(result.Documents, "document")}, {Plural(result.CompilerErrors, "compiler error")}; "
            + $"load {Seconds(result.LoadTime)}, {Timing(result)}";
    }

    // One pass by default; a measured run (--verbose) times the compiler alone, then the analysis pass with telemetry.
    private static string Timing(ScanResult result)
        => result.CompileTime is not { } compile
            ? $"compile and analyze {Seconds(result.AnalysisTime)}"
            : $"compile {Seconds(compile)}, analysis pass {Seconds(result.AnalysisTime - compile)} (SafeCache analyzers {Seconds(AnalyzerTotal(result))} of it)";

    /// <summary>The analyzers' own time, summed over the threads that ran them (Roslyn's telemetry).</summary>
    public static TimeSpan AnalyzerTotal(ScanResult result) => result.AnalyzerTimes.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.Time);

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    public static string Seconds(TimeSpan time) => FormattableString.Invariant($"{time.TotalSeconds:0.0}s");
}
