using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Cli.Loading;

namespace SafeCache.Cli.Analysis;

/// <summary>Analyzes every C# project of the loaded code, one at a time, keeping only detached findings.</summary>
internal static class Scanner
{
    public static async Task<ScanResult> ScanAsync(LoadedCode code, ProjectAnalyzer analyzer, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var projects = code.Projects;
        var findings = new Dictionary<(string Id, string Path, int Line, int Column), Finding>();
        var errors = 0;
        var documents = 0;
        var firstErrors = new List<string>();
        var failures = new List<string>();
        var elapsed = TimeSpan.Zero;
        TimeSpan? compile = null;
        var analyzerTimes = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            progress.StartProject(project.Name, i, projects.Count, project.DocumentIds.Count);
            var result = await analyzer.AnalyzeAsync(project, progress, cancellationToken).ConfigureAwait(false);
            errors += result.CompilerErrors;
            documents += result.Documents;
            elapsed += result.Elapsed;
            compile = result.CompileTime is { } time ? (compile ?? TimeSpan.Zero) + time : compile;
            foreach (var analyzerTime in result.AnalyzerTimes)
            {
                analyzerTimes[analyzerTime.Analyzer] = analyzerTimes.GetValueOrDefault(analyzerTime.Analyzer) + analyzerTime.Time;
            }
            firstErrors.AddRange(result.FirstErrors.Select(e => $"{project.Name}: {e}"));
            failures.AddRange(result.AnalyzerFailures);

            // A multi-targeted project loads once per target framework: the same finding counts once.
            foreach (var diagnostic in result.Diagnostics)
            {
                var finding = ToFinding(diagnostic, code.Root);
                findings.TryAdd((finding.RuleId, finding.Path, finding.Line, finding.Column), finding);
            }
        }

        var ordered = findings.Values
            .OrderBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ToImmutableArray();
        return new ScanResult(code.Root, code.Mode, projects.Count, documents, errors, firstErrors, code.Problems, failures.Distinct().ToList(), ordered, code.LoadTime, elapsed, compile, analyzerTimes.Select(p => new AnalyzerTime(p.Key, p.Value)).ToList());
    }

    public static Finding ToFinding(Diagnostic diagnostic, string root)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new Finding(
            diagnostic.Id,
            diagnostic.Severity,
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            RelativePath(root, span.Path),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1,
            Fingerprints.Of(diagnostic));
    }

    public static string RelativePath(string root, string path)
        => string.IsNullOrEmpty(path) ? path : Path.GetRelativePath(root, path).Replace('\\', '/');
}

/// <param name="AnalysisTime">Wall time from the loaded code to the findings: compiling, binding and analyzing.</param>
/// <param name="CompileTime">Measured runs only (--verbose): the compiler's share of <paramref name="AnalysisTime"/>, timed alone.</param>
/// <param name="AnalyzerTimes">Measured runs only: each analyzer's own time in the analysis pass.</param>
internal sealed record ScanResult(
    string Root,
    LoadMode Mode,
    int Projects,
    int Documents,
    int CompilerErrors,
    IReadOnlyList<string> FirstCompilerErrors,
    IReadOnlyList<string> LoadProblems,
    IReadOnlyList<string> AnalyzerFailures,
    ImmutableArray<Finding> Findings,
    TimeSpan LoadTime,
    TimeSpan AnalysisTime,
    TimeSpan? CompileTime,
    IReadOnlyList<AnalyzerTime> AnalyzerTimes)
{
    /// <summary>Findings the baseline already knew (not in <see cref="Findings"/>).</summary>
    public int Baselined { get; init; }
}
