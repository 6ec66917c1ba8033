using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Cli.Analysis;
using SafeCache.Cli.Loading;
using SafeCache.Cli.Reports;
using SafeCache.Cli.Rules;

namespace SafeCache.Cli.Commands;

internal sealed record ScanOptions(
    string Path,
    string Format,
    string? Output,
    string? Baseline,
    string? WriteBaseline,
    IReadOnlyList<string> Rules,
    DiagnosticSeverity Threshold,
    bool NoBuild,
    IReadOnlyList<string> Excludes,
    bool Progress,
    bool Verbose = false);

/// <summary><c>safecache scan</c>: load, analyze, apply the baseline and threshold, report, and pick the exit code.</summary>
internal static class ScanCommand
{
    public static async Task<int> RunAsync(ScanOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var catalog = RuleCatalog.Load();
        var ruleIds = catalog.Select(options.Rules);
        var baseline = options.Baseline is null ? null : Baseline.Read(options.Baseline);

        ScanResult result;
        using (var progress = new ProgressDisplay(options.Progress))
        {
            using var code = await CodeLoader.LoadAsync(options.Path, options.NoBuild, options.Excludes, progress, cancellationToken).ConfigureAwait(false);
            foreach (var problem in code.Problems)
            {
                stderr.WriteLine($"warning: {problem}");
            }

            var analyzer = new ProjectAnalyzer(catalog.AnalyzersFor(ruleIds), ruleIds, measure: options.Verbose);
            result = await Scanner.ScanAsync(code, analyzer, progress, cancellationToken).ConfigureAwait(false);
        }

        foreach (var failure in result.AnalyzerFailures)
        {
            stderr.WriteLine($"warning: analyzer failure: {failure}");
        }

        foreach (var error in options.Verbose ? result.FirstCompilerErrors : Array.Empty<string>())
        {
            stderr.WriteLine($"compiler error: {error}");
        }

        foreach (var analyzer in result.AnalyzerTimes.OrderByDescending(a => a.Time))
        {
            stderr.WriteLine($"timing: {analyzer.Analyzer} {TextReport.Seconds(analyzer.Time)}");
        }

        var atThreshold = result.Findings.Where(f => f.Severity >= options.Threshold).ToImmutableArray();
        if (options.WriteBaseline is not null)
        {
            Baseline.Write(options.WriteBaseline, atThreshold);
            stderr.WriteLine($"wrote {TextReport.Plural(atThreshold.Length, "finding")} to baseline {options.WriteBaseline}");
        }

        var reported = baseline?.NewFindings(atThreshold) ?? atThreshold;
        result = result with { Findings = reported, Baselined = atThreshold.Length - reported.Length };
        Write(result, catalog, options, stdout);
        return reported.IsEmpty ? ExitCodes.Clean : ExitCodes.Findings;
    }

    private static void Write(ScanResult result, RuleCatalog catalog, ScanOptions options, TextWriter stdout)
    {
        if (options.Format == "text")
        {
            if (options.Output is null)
            {
                TextReport.Write(result, catalog, stdout);
                return;
            }

            using var file = new StreamWriter(options.Output);
            TextReport.Write(result, catalog, file);
        }
        else
        {
            using var stream = options.Output is null ? new MemoryStream() : (Stream)File.Create(options.Output);
            if (options.Format == "json")
            {
                JsonReport.Write(result, catalog, stream);
            }
            else
            {
                SarifReport.Write(result, catalog, stream);
            }

            if (stream is MemoryStream memory)
            {
                stdout.WriteLine(System.Text.Encoding.UTF8.GetString(memory.ToArray()));
            }
        }

        if (options.Output is not null)
        {
            // The file holds the report; the terminal still gets the one-line outcome.
            stdout.WriteLine(TextReport.Totals(result));
        }
    }
}
