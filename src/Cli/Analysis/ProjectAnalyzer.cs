using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
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

    public ProjectAnalyzer(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableHashSet<string> ruleIds)
    {
        _analyzers = analyzers;
        _ruleIds = ruleIds;
    }

    public async Task<ProjectAnalysis> AnalyzeAsync(Project project, ProgressDisplay? progress, CancellationToken cancellationToken)
    {
        var compileTimer = System.Diagnostics.Stopwatch.StartNew();
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{project.Name} has no compilation");
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var compileTime = compileTimer.Elapsed;

        progress?.Analyzing();
        var analyzeTimer = System.Diagnostics.Stopwatch.StartNew();
        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var analyzers = progress is null ? _analyzers : _analyzers.Add(new DocumentProgressAnalyzer(progress));
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var analyzeTime = analyzeTimer.Elapsed;

        // AD0001 is how the compiler layer reports an analyzer exception; it is a failure, not a finding.
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        var kept = diagnostics
            .Where(d => _ruleIds.Contains(d.Id) && !d.IsSuppressed && d.Location.IsInSource)
            .ToImmutableArray();

        return new ProjectAnalysis(kept, errors.Count, errors.Take(20).Select(e => e.ToString()).ToList(), failures.Distinct().ToList(), compilation.SyntaxTrees.Count(), compileTime, analyzeTime);
    }
}

/// <param name="Diagnostics">SafeCache diagnostics of the selected rules, with the severity the code's .editorconfig gives them.</param>
internal sealed record ProjectAnalysis(
    ImmutableArray<Diagnostic> Diagnostics,
    int CompilerErrors,
    IReadOnlyList<string> FirstErrors,
    IReadOnlyList<string> AnalyzerFailures,
    int Documents,
    TimeSpan CompileTime,
    TimeSpan AnalyzeTime);
