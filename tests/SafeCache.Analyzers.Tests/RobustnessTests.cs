using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests;

/// <summary>
/// The IDE shows analyzers half-typed code on every keystroke. These tests take realistic cache code (the sample
/// service and a dense snippet of every cache kind), cut it the way an editor does — a prefix, or one token missing —
/// and run every SafeCache analyzer and code fix on the result: none may throw (no AD0001).
/// </summary>
public sealed class RobustnessTests
{
    private const string DenseSnippet = """
        using System;
        using System.Collections;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using Microsoft.Extensions.Caching.Memory;
        using SafeCache;

        partial class Widget
        {
            private static readonly Dictionary<(Widget, int), string> s_dict = new();
            private static readonly ConcurrentDictionary<string, Func<int>> s_funcs = new();
            private static readonly ConditionalWeakTable<object, Widget> s_weak = new();
            private static readonly Hashtable s_table = new();
            private static readonly IMemoryCache s_memory = new MemoryCache(new MemoryCacheOptions());
            private static readonly LruCache<string, int> s_lru = new(int.MaxValue);
            private static IDictionary<string, int> Shared { get; } = new SortedDictionary<string, int>();
            private readonly string _name = Environment.MachineName;
            private int _count;

            public string Get(int id)
            {
                if (!s_dict.TryGetValue((this, id), out var value))
                {
                    value = _name + id;
                    s_dict[(this, id)] = value;
                }
                var self = this;
                s_funcs.GetOrAdd(_name, k => () => self._count);
                s_weak.GetValue(new object(), _ => this);
                s_table[id] = this;
                s_memory.GetOrCreate(id, e => _count + id);
                s_lru.AddOrUpdate("k", 1, (k, old) => old + _count);
                Shared[_name] = _count;
                return value;
            }

            private static Dictionary<string, Widget> s_copy = new();
            [ThreadStatic] private static Dictionary<string, string>? t_cache;
            private static readonly ConcurrentDictionary<string, string> s_made = new();
            private static string Make(string key, Func<string> factory) => s_made.GetOrAdd(key, _ => factory());
            public void Copy(string name)
            {
                var updated = new Dictionary<string, Widget>(s_copy) { [name ?? throw new ArgumentNullException(nameof(name))] = this };
                System.Threading.Interlocked.CompareExchange(ref s_copy, updated, s_copy);
                var cache = t_cache ??= new Dictionary<string, string>();
                if (!cache.ContainsKey(name!)) cache[name] = Make(name, () => _name + this);
            }
        }
        """;

    public static IEnumerable<object[]> Sources()
    {
        yield return new object[] { "dense snippet" };
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "*.cs").OrderBy(p => p, StringComparer.Ordinal))
        {
            if (Path.GetFileName(path) == "Program.cs")
            {
                continue; // the entry point has no cache in it
            }

            yield return new object[] { Path.GetFileName(path) };
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Analyzers_and_fixes_never_throw_on_half_typed_code(string sourceName)
    {
        var source = sourceName == "dense snippet"
            ? DenseSnippet
            : File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", sourceName));
        var variants = HalfTypedVariants(source).ToList();
        Assert.True(variants.Count > 20, "too few variants to be a meaningful robustness test");

        var failures = new ConcurrentBag<string>();
        var reported = 0;
        foreach (var variant in variants)
        {
            reported += await AnalyzeAndFixAsync(variant, failures);
        }

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine + Environment.NewLine, failures.Take(5)));
        Assert.True(reported > 0, "no variant produced a diagnostic: the test exercised no code fix");
    }

    /// <summary>Prefixes (typing in progress) and single-token deletions (a typo in the middle of a file).</summary>
    private static IEnumerable<string> HalfTypedVariants(string source)
    {
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
        for (var i = 0; i < tokens.Count; i += 9)
        {
            yield return source.Substring(0, tokens[i].Span.End);
        }

        for (var i = 4; i < tokens.Count; i += 11)
        {
            yield return source.Remove(tokens[i].SpanStart, tokens[i].Span.Length);
        }
    }

    private static async Task<int> AnalyzeAndFixAsync(string source, ConcurrentBag<string> failures)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(projectId, "Robustness", "Robustness", LanguageNames.CSharp)
            .WithProjectCompilationOptions(projectId, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .AddMetadataReferences(projectId, TestReferences.All)
            .AddDocument(documentId, "Test0.cs", SourceText.From(source));
        var document = solution.GetDocument(documentId)!;
        var compilation = (await document.Project.GetCompilationAsync())!;

        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name} threw on:\n{source}\n{exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();

        foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
        {
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                try
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        await action.GetOperationsAsync(CancellationToken.None);
                    }
                }
                catch (Exception exception)
                {
                    failures.Add($"{fixer.GetType().Name} threw on {diagnostic.Id} in:\n{source}\n{exception}");
                }
            }
        }

        return diagnostics.Length;
    }

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(Analyzers.Model.CacheModel).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(CodeFixes.SafeCacheFixes).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();
}
