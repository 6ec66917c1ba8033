using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Fixes;

/// <summary>SC0001 fix 3: the static <c>(this, …)</c>-keyed cache becomes a <c>WeakLruCache&lt;TOwner, TKey, TValue&gt;</c>.</summary>
public class HoldInstanceWeaklyTests
{
    private const string Key = "SC0001.HoldInstanceWeakly";

    /// <summary>With <paramref name="key"/> the preferred key when holding weakly is the only (so the first) fix offered.</summary>
    private static Task VerifyAsync(string source, string fixedSource, string? editorConfig = null, string key = Key)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources = { source },
            FixedSources = { fixedSource },
            CodeActionEquivalenceKey = key,
            EditorConfig = editorConfig,
        }.RunAsync();

    /// <summary>The fix is not offered: the text stays as it is and the diagnostic remains.</summary>
    private static Task VerifyNotOfferedAsync(string source)
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(source, HoldInstanceWeaklyFix.Instance);

    // ---- Offered ----

    [Fact]
    public Task GetOrAdd_FactoryCallingInstanceMethod_UsesSelf()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;

            class ReportBuilder
            {
                // Rendered reports, per builder and year.
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_cache = new();
                private readonly string _prefix = "report-";

                public string Build(int year) => [|s_cache.GetOrAdd((this, year), _ => Render(year) + _prefix)|];

                private string Render(int year) => year.ToString();
            }
            """,
            """
            using System.Collections.Concurrent;
            using SafeCache;

            class ReportBuilder
            {
                // Rendered reports, per builder and year.
                private static readonly WeakLruCache<ReportBuilder, int, string> s_cache = new(128);
                private readonly string _prefix = "report-";

                public string Build(int year) => s_cache.GetOrAdd(this, year, (self, _) => self.Render(year) + self._prefix);

                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task TryGetValueThenWrite_CapacityFromEditorConfig()
        => VerifyAsync(
            """
            using System.Collections.Generic;

            class ReportBuilder
            {
                private static readonly Dictionary<(ReportBuilder, int), string> s_cache = new Dictionary<(ReportBuilder, int), string>();

                public string Build(int year)
                {
                    if (s_cache.TryGetValue((this, year), out var report))
                    {
                        return report;
                    }

                    report = Render(year);
                    [|s_cache[(this, year)] = report|];
                    return report;
                }

                private string Render(int year) => year.ToString();
            }
            """,
            """
            using System.Collections.Generic;
            using SafeCache;

            class ReportBuilder
            {
                private static readonly WeakLruCache<ReportBuilder, int, string> s_cache = new WeakLruCache<ReportBuilder, int, string>(64);

                public string Build(int year)
                {
                    if (s_cache.TryGetValue(this, year, out var report))
                    {
                        return report;
                    }

                    report = Render(year);
                    s_cache.GetOrAdd(this, year, (_, _) => report);
                    return report;
                }

                private string Render(int year) => year.ToString();
            }
            """,
            editorConfig: "safecache.default_capacity = 64");

    [Fact]
    public Task ContainsKeyThenAdd_InNamespaceWithSafeCacheUsing()
        => VerifyAsync(
            """
            using System.Collections.Generic;
            using SafeCache;

            namespace Shop;

            class PriceList
            {
                private static Dictionary<(PriceList, string), decimal> s_prices = new();

                public decimal Price(string sku)
                {
                    if (!s_prices.ContainsKey((this, sku)))
                    {
                        decimal price = Lookup(sku);
                        [|s_prices.Add((this, sku), price)|];
                    }

                    s_prices.TryGetValue((this, sku), out var result);
                    return result;
                }

                private decimal Lookup(string sku) => sku.Length;
            }
            """,
            """
            using System.Collections.Generic;
            using SafeCache;

            namespace Shop;

            class PriceList
            {
                private static WeakLruCache<PriceList, string, decimal> s_prices = new(128);

                public decimal Price(string sku)
                {
                    if (!s_prices.TryGetValue(this, sku, out _))
                    {
                        decimal price = Lookup(sku);
                        s_prices.GetOrAdd(this, sku, (_, _) => price);
                    }

                    s_prices.TryGetValue(this, sku, out var result);
                    return result;
                }

                private decimal Lookup(string sku) => sku.Length;
            }
            """);

    [Fact]
    public Task ThreeElementKey_ElementReadsAndExplicitThis()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;

            class Grid
            {
                private static readonly ConcurrentDictionary<(Grid, int, int), double> s_cells = new();
                private readonly double _scale = 2;

                public double Cell(int row, int column)
                    => [|s_cells.GetOrAdd((this, row, column), k =>
                    {
                        var value = this.Measure(k.Item2, k.Item3);
                        return value * k.Item1._scale;
                    })|];

                private double Measure(int row, int column) => row * 10 + column;
            }
            """,
            """
            using System.Collections.Concurrent;
            using SafeCache;

            class Grid
            {
                private static readonly WeakLruCache<Grid, (int, int), double> s_cells = new(128);
                private readonly double _scale = 2;

                public double Cell(int row, int column)
                    => s_cells.GetOrAdd(this, (row, column), (self, k) =>
                    {
                        var value = self.Measure(k.Item1, k.Item2);
                        return value * self._scale;
                    });

                private double Measure(int row, int column) => row * 10 + column;
            }
            """);

    [Fact]
    public Task LruCache_KeepsItsCapacity_AndClearStays()
        => VerifyAsync(
            """
            using SafeCache;

            class Parser
            {
                private static readonly LruCache<(Parser, string), int> s_parsed = new LruCache<(Parser, string), int>(32);

                public int Parse(string text) => [|s_parsed.GetOrAdd((this, text), key => key.Item1.ParseCore(key.Item2))|];

                public static void Reset() => s_parsed.Clear();

                private int ParseCore(string text) => text.Length;
            }
            """,
            """
            using SafeCache;

            class Parser
            {
                private static readonly WeakLruCache<Parser, string, int> s_parsed = new WeakLruCache<Parser, string, int>(32);

                public int Parse(string text) => s_parsed.GetOrAdd(this, text, (self, key) => self.ParseCore(key));

                public static void Reset() => s_parsed.Clear();

                private int ParseCore(string text) => text.Length;
            }
            """,
            key: PreferredFixAllProvider.PreferredKey("SC0001"));

    [Fact]
    public Task OwnerParameterNameAvoidsNamesInScope()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;

            class Node
            {
                private static readonly ConcurrentDictionary<(Node, int), string> s_labels = new();

                public string Label(int self) => [|s_labels.GetOrAdd((this, self), n => Name() + n.Item2)|];

                private string Name() => "node";
            }
            """,
            """
            using System.Collections.Concurrent;
            using SafeCache;

            class Node
            {
                private static readonly WeakLruCache<Node, int, string> s_labels = new(128);

                public string Label(int self) => s_labels.GetOrAdd(this, self, (owner, n) => owner.Name() + n);

                private string Name() => "node";
            }
            """);

    [Fact]
    public Task NamedKeyElements_KeepTheirNames()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;

            class Grid
            {
                private static readonly ConcurrentDictionary<(Grid Owner, int Row, int Column), int> s_cells = new();

                public int Cell(int row, int column) => [|s_cells.GetOrAdd((this, row, column), k => k.Owner.Width * k.Row + k.Column)|];

                private int Width => 8;
            }
            """,
            """
            using System.Collections.Concurrent;
            using SafeCache;

            class Grid
            {
                private static readonly WeakLruCache<Grid, (int Row, int Column), int> s_cells = new(128);

                public int Cell(int row, int column) => s_cells.GetOrAdd(this, (row, column), (self, k) => self.Width * k.Row + k.Column);

                private int Width => 8;
            }
            """);

    // ---- Fix All ----

    [Fact]
    public Task FixAll_PartialClassAcrossFiles_CacheUsedFromTwoMethods()
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;

                partial class Catalog
                {
                    private static readonly ConcurrentDictionary<(Catalog, string), string> s_titles = new();
                    private static readonly ConcurrentDictionary<(Catalog, int), int> s_counts = new();

                    public string Title(string id) => [|s_titles.GetOrAdd((this, id), _ => Load(id))|];

                    public int Count(int shelf) => [|s_counts.GetOrAdd((this, shelf), k => k.Item2 * Size)|];

                    private int Size => 3;
                }
                """,
                """
                partial class Catalog
                {
                    public string Subtitle(string id) => [|s_titles.GetOrAdd((this, id + "/sub"), k => Load(k.Item2))|];

                    private string Load(string id) => id.ToUpperInvariant();
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                using SafeCache;

                partial class Catalog
                {
                    private static readonly WeakLruCache<Catalog, string, string> s_titles = new(128);
                    private static readonly WeakLruCache<Catalog, int, int> s_counts = new(128);

                    public string Title(string id) => s_titles.GetOrAdd(this, id, (self, _) => self.Load(id));

                    public int Count(int shelf) => s_counts.GetOrAdd(this, shelf, (self, k) => k * self.Size);

                    private int Size => 3;
                }
                """,
                """
                partial class Catalog
                {
                    public string Subtitle(string id) => s_titles.GetOrAdd(this, id + "/sub", (self, k) => self.Load(k));

                    private string Load(string id) => id.ToUpperInvariant();
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = FixAllScope.Solution,
        }.RunAsync();

    [Fact]
    public Task FixAll_Document_TwoWritesToOneField()
        => CodeFixVerifier<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>.VerifyFixAllAsync(
            """
            using System.Collections.Generic;

            class Pricing
            {
                private static readonly Dictionary<(Pricing, int), decimal> s_net = new();

                public decimal Net(int id)
                {
                    if (s_net.TryGetValue((this, id), out var net)) return net;
                    net = id * Rate;
                    [|s_net[(this, id)] = net|];
                    return net;
                }

                public decimal Gross(int id)
                {
                    if (!s_net.TryGetValue((this, id), out var net))
                    {
                        net = id * Rate;
                        [|s_net.TryAdd((this, id), net)|];
                    }

                    return net * 1.2m;
                }

                private decimal Rate => 0.5m;
            }
            """,
            """
            using System.Collections.Generic;
            using SafeCache;

            class Pricing
            {
                private static readonly WeakLruCache<Pricing, int, decimal> s_net = new(128);

                public decimal Net(int id)
                {
                    if (s_net.TryGetValue(this, id, out var net)) return net;
                    net = id * Rate;
                    s_net.GetOrAdd(this, id, (_, _) => net);
                    return net;
                }

                public decimal Gross(int id)
                {
                    if (!s_net.TryGetValue(this, id, out var net))
                    {
                        net = id * Rate;
                        s_net.GetOrAdd(this, id, (_, _) => net);
                    }

                    return net * 1.2m;
                }

                private decimal Rate => 0.5m;
            }
            """,
            FixAllScope.Document,
            Key);

    // ---- Not offered ----

    [Fact]
    public Task NotOffered_KeyIsThisAlone()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Session
            {
                private static readonly ConcurrentDictionary<Session, int> s_ids = new();
                public void Register(int id) => [|s_ids.TryAdd(this, id)|];
            }
            """);

    [Fact]
    public Task NotOffered_FieldUsedInAnotherShape()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                public string Build(int year) => [|s_cache.GetOrAdd((this, year), _ => Render(year))|];
                public static int Cached => s_cache.Count;
                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task NotOffered_FactoryCallsBase()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Shape
            {
                public virtual double Area(int n) => n;
            }
            class Square : Shape
            {
                private static readonly ConcurrentDictionary<(Square, int), double> s_areas = new();
                public override double Area(int n) => [|s_areas.GetOrAdd((this, n), _ => base.Area(n) * n)|];
            }
            """);

    [Fact]
    public Task NotOffered_ValueOverloadEvaluatesEagerly()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                public string Build(int year) => [|s_cache.GetOrAdd((this, year), Render(year))|];
                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task NotOffered_FactoryUsesWholeOldKey()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                public string Build(int year) => [|s_cache.GetOrAdd((this, year), k => k.ToString())|];
            }
            """);

    [Fact]
    public Task NotOffered_WriteOfComputedValue()
        => VerifyNotOfferedAsync("""
            using System.Collections.Generic;
            class Report
            {
                private static readonly Dictionary<(Report, int), string> s_cache = new();
                public string Build(int year)
                {
                    if (!s_cache.ContainsKey((this, year)))
                    {
                        [|s_cache[(this, year)] = Render(year)|];
                    }
                    return s_cache[(this, year)];
                }
                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task NotOffered_NonPrivateField()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                internal static readonly ConcurrentDictionary<(Report, int), string> Cache = new();
                public string Build(int year) => [|Cache.GetOrAdd((this, year), _ => Render(year))|];
                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task NotOffered_ComparerArgument()
        => VerifyNotOfferedAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new(EqualityComparer<(Report, int)>.Default);
                public string Build(int year) => [|s_cache.GetOrAdd((this, year), _ => Render(year))|];
                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task NotOffered_FactoryCallsLocalFunctionCapturingThis()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                private string _name = "r";
                public string Build(int year)
                {
                    string Render() => _name + year;
                    return [|s_cache.GetOrAdd((this, year), _ => Render())|];
                }
            }
            """);

    [Fact]
    public Task NotOffered_FactoryUsesLocalHoldingThis()
        => VerifyNotOfferedAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                public string Build(int year)
                {
                    var me = this;
                    return [|s_cache.GetOrAdd((this, year), _ => me.Render(year))|];
                }
                private string Render(int year) => year.ToString();
            }
            """);

    [Fact]
    public Task NotOffered_ValueCapturesThisUnderPlainKey()
        => VerifyNotOfferedAsync("""
            using System;
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<string, Action> s_handlers = new();
                public void Attach(string name) => [|s_handlers[name] = OnChanged|];
                private void OnChanged() { }
            }
            """);

    [Fact]
    public Task NotOffered_HalfTypedCode_DoesNotCrash()
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                class Report
                {
                    private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                    public string Build(int year) => [|s_cache.GetOrAdd((this, year), _ => Render(year))|];
                    private string Render(int year) => year.ToString();
                    public void Broken() { s_cache.GetOrAdd((this, 1), k => Missing(k.Item2 }
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                class Report
                {
                    private static readonly ConcurrentDictionary<(Report, int), string> s_cache = new();
                    public string Build(int year) => [|s_cache.GetOrAdd((this, year), _ => Render(year))|];
                    private string Render(int year) => year.ToString();
                    public void Broken() { s_cache.GetOrAdd((this, 1), k => Missing(k.Item2 }
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            CompileBeforeAnalysis = false,
        }.RunAsync();
}
