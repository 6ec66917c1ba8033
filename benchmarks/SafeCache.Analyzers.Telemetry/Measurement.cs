using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>One repetition on one corpus: compile-and-bind alone, then every analyzer with execution-time telemetry.</summary>
internal sealed class Measurement
{
    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();
    private readonly ImmutableArray<SyntaxTree> _trees;

    public Measurement(IReadOnlyList<string> sources)
    {
        _trees = sources
            .Select((s, i) => CSharpSyntaxTree.ParseText(s, CSharpParseOptions.Default, path: $"Module{i}.cs"))
            .ToImmutableArray();
        var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"the generated corpus does not compile ({errors.Count} errors), first: {errors[0]}");
        }
    }

    /// <summary>Declaration plus binding of every body: what a build pays before analyzers (emit excluded).</summary>
    public double CompileAndBindMilliseconds()
    {
        var compilation = NewCompilation();
        var watch = Stopwatch.StartNew();
        _ = compilation.GetDiagnostics();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Execution time per analyzer, from Roslyn's telemetry, on a fresh compilation.</summary>
    public async Task<(Dictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry, double WallMilliseconds, int Diagnostics)> AnalyzeAsync(
        ImmutableArray<DiagnosticAnalyzer> analyzers, bool allRules)
    {
        var compilation = NewCompilation();
        if (allRules)
        {
            var all = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct()
                .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(all));
        }

        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => Console.Error.WriteLine($"analyzer {analyzer.GetType().Name} threw: {exception.Message}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false));
        // GetAnalysisResultAsync, not GetAllDiagnosticsAsync: only the former carries the execution-time telemetry.
        var watch = Stopwatch.StartNew();
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).ConfigureAwait(false);
        var wall = watch.Elapsed.TotalMilliseconds;
        var telemetry = analyzers.ToDictionary(a => a, a => result.AnalyzerTelemetryInfo.TryGetValue(a, out var info) ? info : new AnalyzerTelemetryInfo());
        var diagnostics = result.GetAllDiagnostics();
        return (telemetry, wall, diagnostics.Length);
    }

    private CSharpCompilation NewCompilation() => CSharpCompilation.Create(
        "Corpus",
        _trees,
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    // The runner's own framework plus the two cache libraries the corpus uses.
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return platform
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && string.Equals(Path.GetDirectoryName(p), framework, StringComparison.OrdinalIgnoreCase))
            .Append(typeof(Microsoft.Extensions.Caching.Memory.MemoryCache).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Caching.Memory.IMemoryCache).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Primitives.IChangeToken).Assembly.Location)
            .Append(typeof(global::SafeCache.LruCache<,>).Assembly.Location)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
