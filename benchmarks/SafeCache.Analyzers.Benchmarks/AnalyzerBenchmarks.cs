using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Benchmarks;

/// <summary>
/// The cost SafeCache adds to a build: the compiler's own diagnostics alone; with an empty operation analyzer (the
/// floor any IOperation-based analyzer pays); with one SafeCache rule or all of them, on the same generated project.
/// Each run clones the compilation so that no bound state is reused.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [Params(100)]
    public int Files { get; set; }

    /// <summary>Which SafeCache analyzers run: all, or the one reporting this rule ID.</summary>
    [Params("all", "SC0001", "SC0003", "SC0005")]
    public string Rules { get; set; } = "all";

    [GlobalSetup]
    public void Setup()
    {
        var trees = Corpus.Generate(Files).Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"File{i}.cs"));
        _compilation = CSharpCompilation.Create(
            "Corpus",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("benchmark corpus does not compile: " + errors[0]);
        }

        _analyzers = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName("SafeCache.Analyzers")).GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => Rules == "all" || a.SupportedDiagnostics.Any(d => d.Id == Rules))
            .ToImmutableArray();
    }

    [Benchmark(Baseline = true, Description = "compiler diagnostics only")]
    public int CompileOnly() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark(Description = "compiler + empty operation analyzer")]
    public Task<int> CompileWithEmptyAnalyzer() => RunAsync(ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer()));

    [Benchmark(Description = "compiler + SafeCache analyzers")]
    public Task<int> CompileWithSafeCache() => RunAsync(_analyzers);

    private async Task<int> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var withAnalyzers = _compilation.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync().ConfigureAwait(false);
        return diagnostics.Length;
    }

    private static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Append(typeof(Microsoft.Extensions.Caching.Memory.MemoryCache).Assembly.Location)
            .Append(typeof(SafeCache.LruCache<,>).Assembly.Location)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
