using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Fixes;

/// <summary>
/// Fix All on mixed documents: each diagnostic gets its own first fix, diagnostics without a fix are skipped, a specific
/// fix's key applies only that fix, and the result does not depend on the order of the diagnostics.
/// </summary>
public class PreferredFixAllTests
{
    private const string Unbounded = """
        using System.Collections.Concurrent;
        using SafeCache;

        static class Lengths
        {
            private static readonly LruCache<string, int> s_all = new([|int.MaxValue|]);
            private static readonly ConcurrentDictionary<string, int> [|s_parsed = new()|];
            private static readonly ConcurrentDictionary<string, string> [|s_upper = new()|];

            public static int All(string s) => s_all.GetOrAdd(s, t => t.Length);
            public static int Parse(string s) => s_parsed.GetOrAdd(s, t => t.Length);
            public static string Upper(string s) => s_upper.GetOrAdd(s, t => t.ToUpperInvariant());
        }
        """;

    private const string UnboundedFixed = """
        using System.Collections.Concurrent;
        using SafeCache;

        static class Lengths
        {
            private static readonly LruCache<string, int> s_all = new([|int.MaxValue|]);
            private static readonly LruCache<string, int> s_parsed = new(capacity: 128);
            private static readonly LruCache<string, string> s_upper = new(capacity: 128);

            public static int All(string s) => s_all.GetOrAdd(s, t => t.Length);
            public static int Parse(string s) => s_parsed.GetOrAdd(s, t => t.Length);
            public static string Upper(string s) => s_upper.GetOrAdd(s, t => t.ToUpperInvariant());
        }
        """;

    // Per-instance is the first fix for TaxTable; TemplateRenderer is cleared from a static member, so its first fix is
    // to hold the instance weakly; Widget's key is 'this' alone, which no fix rewrites.
    private const string Captures = """
        using System.Collections.Concurrent;

        class TaxTable
        {
            private static readonly ConcurrentDictionary<(TaxTable, string), decimal> s_rates = new();

            public decimal Rate(string region) => [|s_rates.GetOrAdd((this, region), key => Lookup(key.Item2))|];

            private static decimal Lookup(string region) => region.Length / 100m;
        }

        class TemplateRenderer
        {
            private static readonly ConcurrentDictionary<(TemplateRenderer, string), string> s_rendered = new();

            private readonly string _theme;

            public TemplateRenderer(string theme) => _theme = theme;

            public string Render(string name) => [|s_rendered.GetOrAdd((this, name), key => key.Item1._theme + ":" + key.Item2)|];

            public static void Reset() => s_rendered.Clear();
        }

        class Widget
        {
            private static readonly ConcurrentDictionary<Widget, int> s_sizes = new();

            public int Size() => [|s_sizes.GetOrAdd(this, widget => widget.Compute())|];

            private int Compute() => 42;
        }
        """;

    private const string CapturesFixed = """
        using System.Collections.Concurrent;
        using SafeCache;

        class TaxTable
        {
            private readonly ConcurrentDictionary<string, decimal> _rates = new();

            public decimal Rate(string region) => _rates.GetOrAdd(region, key => Lookup(key));

            private static decimal Lookup(string region) => region.Length / 100m;
        }

        class TemplateRenderer
        {
            private static readonly WeakLruCache<TemplateRenderer, string, string> s_rendered = new(128);

            private readonly string _theme;

            public TemplateRenderer(string theme) => _theme = theme;

            public string Render(string name) => s_rendered.GetOrAdd(this, name, (self, key) => self._theme + ":" + key);

            public static void Reset() => s_rendered.Clear();
        }

        class Widget
        {
            private static readonly ConcurrentDictionary<Widget, int> s_sizes = new();

            public int Size() => [|s_sizes.GetOrAdd(this, widget => widget.Compute())|];

            private int Compute() => 42;
        }
        """;

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public Task UnfixableDiagnosticOfTheSameRule_IsSkipped_NotABlocker(FixAllScope scope)
        => new CodeFixTest<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>
        {
            Sources = { Unbounded },
            FixedSources = { UnboundedFixed },
            CodeActionEquivalenceKey = PreferredFixAllProvider.PreferredKey("SC0003"),
            FixAllScope = scope,
            FixedState = { MarkupHandling = MarkupMode.Allow },
        }.RunAsync();

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Solution)]
    public Task TwoDifferentPreferredFixesInOneDocument(FixAllScope scope)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources = { Captures },
            FixedSources = { CapturesFixed },
            CodeActionEquivalenceKey = PreferredFixAllProvider.PreferredKey("SC0001"),
            FixAllScope = scope,
            FixedState = { MarkupHandling = MarkupMode.Allow },
        }.RunAsync();

    [Fact]
    public async Task NoKey_AsDotnetFormatPasses_WhenTheFirstDiagnosticHasNoFix_FixesEveryFixableOne()
    {
        var (solution, diagnostics) = await AnalyzeAsync<UnboundedSharedCacheAnalyzer>(Unbounded);
        Assert.Null(await FirstActionKeyAsync(new UnboundedSharedCacheCodeFixProvider(), solution, diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First()));

        var fixedText = await TextAsync(await SafeCacheFixes.FixAllAsync(solution, diagnostics, equivalenceKey: null));

        Assert.Equal(Plain(UnboundedFixed), fixedText);
    }

    [Fact]
    public async Task ResultDoesNotDependOnTheOrderOfTheDiagnostics()
    {
        var (solution, diagnostics) = await AnalyzeAsync<SharedCacheCapturesInstanceAnalyzer>(Captures);
        var orders = new List<IEnumerable<Diagnostic>>
        {
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start),
            diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start),
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start % 7).ThenByDescending(d => d.Location.SourceSpan.Length),
        };

        foreach (var order in orders)
        {
            Assert.Equal(Plain(CapturesFixed), await TextAsync(await SafeCacheFixes.FixAllAsync(solution, order.ToList(), equivalenceKey: null)));
        }
    }

    [Fact]
    public async Task SpecificKey_AppliesThatFixWhereverOffered_AndLeavesTheOthers()
    {
        var (solution, diagnostics) = await AnalyzeAsync<SharedCacheCapturesInstanceAnalyzer>(Captures);

        // "Make the method static" is offered for TaxTable only (TemplateRenderer's value reads its state); per-instance, TaxTable's first fix, is not applied.
        var text = await TextAsync(await SafeCacheFixes.FixAllAsync(solution, diagnostics, MakeMethodStaticFix.Instance.EquivalenceKey("SC0001")));

        Assert.Contains("public static decimal Rate(string region) => s_rates.GetOrAdd(region, ", text, StringComparison.Ordinal);
        Assert.Contains("ConcurrentDictionary<(TemplateRenderer, string), string> s_rendered", text, StringComparison.Ordinal);
        Assert.Contains("ConcurrentDictionary<Widget, int> s_sizes", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" _rates", text, StringComparison.Ordinal);
        Assert.DoesNotContain("WeakLruCache", text, StringComparison.Ordinal);
    }

    private static string Plain(string markup)
        => TestProject.StripMarkup(markup);

    private static async Task<string> TextAsync(Solution solution)
        => TestProject.NormalizeLineEndings((await solution.Projects.Single().Documents.Single().GetTextAsync()).ToString());

    private static async Task<(Solution Solution, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync<TAnalyzer>(string markup)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var workspace = new AdhocWorkspace();
        var project = TestProject.Create(workspace, new[] { TestProject.StripMarkup(markup) });
        return (project.Solution, await TestProject.GetAnalyzerDiagnosticsAsync(project, new TAnalyzer(), timeout.Token));
    }

    private static async Task<string?> FirstActionKeyAsync(CodeFixProvider provider, Solution solution, Diagnostic diagnostic)
    {
        string? key = null;
        var registered = false;
        await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) =>
        {
            if (!registered)
            {
                key = a.EquivalenceKey;
                registered = true;
            }
        }, CancellationToken.None));
        return key;
    }
}
