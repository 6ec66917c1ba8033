using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Cli.Analysis;

/// <summary>
/// Compiles one project and runs the analyzers on it through <see cref="CompilationWithAnalyzers"/> directly. The
/// compiler driver (dotnet build, csc) drops every analyzer diagnostic when the compilation has errors; here
/// errors only make some symbols unresolved, and the analyzers, which tolerate that, still report.
/// </summary>
internal sealed class ProjectAnalyzer
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableHashSet<string> _ruleIds;
    private readonly bool _measure;

    /// <param name="measure">
    /// Split the time between the compiler and the analyzers. That costs a second binding pass: the compiler alone
    /// (for the error count), then the analyzers with Roslyn's execution-time telemetry on, which the one-pass route
    /// does not keep.
    /// </param>
    public ProjectAnalyzer(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableHashSet<string> ruleIds, bool measure = false)
    {
        _analyzers = analyzers;
        _ruleIds = ruleIds;
        _measure = measure;
    }

    public async Task<ProjectAnalysis> AnalyzeAsync(Project project, ProgressDisplay? progress, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{project.Name} has no compilation");

        TimeSpan? compileTime = null;
        ImmutableArray<Diagnostic> compilerDiagnostics = default;
        if (_measure)
        {
            compilerDiagnostics = compilation.GetDiagnostics(cancellationToken);
            compileTime = timer.Elapsed;
        }

        progress?.Analyzing();
        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: _measure,
            reportSuppressedDiagnostics: false);
        var analyzers = progress is null ? _analyzers : _analyzers.Add(new DocumentProgressAnalyzer(progress));
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);

        ImmutableArray<Diagnostic> diagnostics;
        var analyzerTimes = new List<AnalyzerTime>();
        if (_measure)
        {
            var result = await withAnalyzers.GetAnalysisResultAsync(cancellationToken).ConfigureAwait(false);
            diagnostics = result.GetAllDiagnostics();
            analyzerTimes.AddRange(_analyzers.Select(a => new AnalyzerTime(a.GetType().Name, result.AnalyzerTelemetryInfo[a].ExecutionTime)));
        }
        else
        {
            // One binding pass: the analyzer driver compiles every method body to raise its events (and hands the
            // analyzers the bound trees), and the compiler's own diagnostics come out of that same pass. Asking the
            // compilation for its errors separately would bind everything twice.
            var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            var reportable = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Append("AD0001").ToImmutableHashSet(StringComparer.Ordinal);
            compilerDiagnostics = all.Where(d => !reportable.Contains(d.Id)).ToImmutableArray();
            diagnostics = all.Where(d => reportable.Contains(d.Id)).ToImmutableArray();
        }

        var errors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        // AD0001 is how the compiler layer reports an analyzer exception; it is a failure, not a finding.
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        var kept = diagnostics
            .Where(d => _ruleIds.Contains(d.Id) && !d.IsSuppressed && d.Location.IsInSource)
            .ToImmutableArray();

        return new ProjectAnalysis(kept, errors.Count, errors.Take(20).Select(e => e.ToString()).ToList(), failures.Distinct().ToList(), compilation.SyntaxTrees.Count(), timer.Elapsed, compileTime, analyzerTimes);
    }
}

/// <summary>Time spent inside one analyzer's actions (Roslyn's telemetry, summed over the threads that ran them).</summary>
internal sealed record AnalyzerTime(string Analyzer, TimeSpan Time);

/// <param name="Diagnostics">SafeCache diagnostics of the selected rules, with the severity the code's .editorconfig gives them.</param>
/// <param name="Elapsed">Wall time to compile, bind and analyze the project.</param>
/// <param name="CompileTime">When measured: the part of <paramref name="Elapsed"/> the compiler alone took.</param>
/// <param name="AnalyzerTimes">When measured: each analyzer's own time.</param>
internal sealed record ProjectAnalysis(
    ImmutableArray<Diagnostic> Diagnostics,
    int CompilerErrors,
    IReadOnlyList<string> FirstErrors,
    IReadOnlyList<string> AnalyzerFailures,
    int Documents,
    TimeSpan Elapsed,
    TimeSpan? CompileTime,
    IReadOnlyList<AnalyzerTime> AnalyzerTimes);
