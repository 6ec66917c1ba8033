using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;
using Verify = SafeCache.Analyzers.Tests.Verification.CodeFixVerifier<SafeCache.Analyzers.Rules.SharedCacheCapturesInstanceAnalyzer, SafeCache.CodeFixes.SharedCacheCapturesInstanceCodeFixProvider>;

namespace SafeCache.Analyzers.Tests.Fixes;

public class MakeCachePerInstanceTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0001");

    [Fact]
    public Task TupleKeyLosesThisAndTheKeyTypeItsElement()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            class ReportBuilder
            {
                // results per (builder, year)
                private static readonly Dictionary<(ReportBuilder, int), string> s_cache = new();

                public string Build(int year)
                {
                    if (!s_cache.TryGetValue((this, year), out var report))
                    {
                        report = year.ToString();
                        [|s_cache[(this, year)] = report|];
                    }

                    return report;
                }
            }
            """,
            """
            using System.Collections.Generic;
            class ReportBuilder
            {
                // results per (builder, year)
                private readonly Dictionary<int, string> _cache = new();

                public string Build(int year)
                {
                    if (!_cache.TryGetValue(year, out var report))
                    {
                        report = year.ToString();
                        _cache[year] = report;
                    }

                    return report;
                }
            }
            """,
            Key);

    [Fact]
    public Task ThreeElementKeyKeepsATupleAndExplicitInitializerIsRewritten()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            class Pricing
            {
                private static ConcurrentDictionary<(Pricing Owner, string Sku, int Qty), decimal> s_prices = new ConcurrentDictionary<(Pricing Owner, string Sku, int Qty), decimal>();
                public decimal Price(string sku, int qty) => [|s_prices.GetOrAdd((this, sku, qty), k => k.Qty * 2m + k.Item2.Length)|];
            }
            """,
            """
            using System.Collections.Concurrent;
            class Pricing
            {
                private ConcurrentDictionary<(string Sku, int Qty), decimal> _prices = new ConcurrentDictionary<(string Sku, int Qty), decimal>();
                public decimal Price(string sku, int qty) => _prices.GetOrAdd((sku, qty), k => k.Qty * 2m + k.Item1.Length);
            }
            """,
            Key);

    [Fact]
    public Task FactoryReadingTheThisElementGetsThis()
        => Verify.VerifyFixAsync(
            """
            using SafeCache;
            class Renderer
            {
                private static readonly LruCache<(Renderer, string), int> s_cache = new(capacity: 16);
                private int Measure(string view) => view.Length;
                public int Render(string view) => [|s_cache.GetOrAdd((this, view), k => k.Item1.Measure(k.Item2))|];
            }
            """,
            """
            using SafeCache;
            class Renderer
            {
                private readonly LruCache<string, int> _cache = new(capacity: 16);
                private int Measure(string view) => view.Length;
                public int Render(string view) => _cache.GetOrAdd(view, k => this.Measure(k));
            }
            """,
            Key);

    [Fact]
    public Task ValueCaptureOnlyDropsStatic()
        => Verify.VerifyFixAsync(
            """
            using System;
            using System.Collections.Generic;
            class Settings
            {
                static Dictionary<string, Action> s_handlers = new();
                public void Watch(string key) => [|s_handlers[key] = OnChanged|];
                public void Fire(string key) => Settings.s_handlers[key]();
                private void OnChanged() { }
            }
            """,
            """
            using System;
            using System.Collections.Generic;
            class Settings
            {
                Dictionary<string, Action> _handlers = new();
                public void Watch(string key) => _handlers[key] = OnChanged;
                public void Fire(string key) => _handlers[key]();
                private void OnChanged() { }
            }
            """,
            Key);

    [Fact]
    public Task ObjectKeyedMemoryCacheKeepsItsType()
        => Verify.VerifyFixAsync(
            """
            using Microsoft.Extensions.Caching.Memory;
            class Renderer
            {
                private static readonly IMemoryCache s_cache = new MemoryCache(new MemoryCacheOptions());
                public int Render(string view) => [|s_cache.GetOrCreate((this, view), e => view.Length)|];
            }
            """,
            """
            using Microsoft.Extensions.Caching.Memory;
            class Renderer
            {
                private readonly IMemoryCache _cache = new MemoryCache(new MemoryCacheOptions());
                public int Render(string view) => _cache.GetOrCreate(view, e => view.Length);
            }
            """,
            Key);

    [Fact]
    public Task NamedOneElementRestIsUnwrapped()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            class Report
            {
                private static Dictionary<(Report Owner, int Year), string> s_titles = new(), s_unused = new();
                private static IDictionary<(Report Owner, int Year), string> s_bodies = new Dictionary<(Report Owner, int Year), string>();
                public void Title(int year) => [|s_bodies[(Owner: this, Year: year)] = "T" + year|];
            }
            """,
            """
            using System.Collections.Generic;
            class Report
            {
                private static Dictionary<(Report Owner, int Year), string> s_titles = new(), s_unused = new();
                private IDictionary<int, string> _bodies = new Dictionary<int, string>();
                public void Title(int year) => _bodies[year] = "T" + year;
            }
            """,
            Key);

    [Fact]
    public Task NotOfferedWhenTheKeyIsThisAlone()
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(Session, MakeCachePerInstanceFix.Instance);

    [Fact]
    public Task NotOfferedWhenUsedFromAStaticMemberOrAnotherType()
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(NotPerInstance, MakeCachePerInstanceFix.Instance);

    [Fact]
    public Task NotOfferedWhenAUseDependsOnTheKeyType()
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(KeysEnumerated, MakeCachePerInstanceFix.Instance);

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Solution)]
    public Task FixAllCacheUsedFromTwoMethods(FixAllScope scope)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                class Catalog
                {
                    private static readonly ConcurrentDictionary<(Catalog, int), string> s_names = new();
                    private static readonly ConcurrentDictionary<(Catalog, string), int> s_ids = new();
                    public string Name(int id) => [|s_names.GetOrAdd((this, id), k => "#" + k.Item2)|];
                    public void Rename(int id, string name) => [|s_names[(this, id)] = name|];
                    public int Id(string name) => [|s_ids.GetOrAdd((this, name), k => k.Item2.Length)|];
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                class Catalog
                {
                    private readonly ConcurrentDictionary<int, string> _names = new();
                    private readonly ConcurrentDictionary<string, int> _ids = new();
                    public string Name(int id) => _names.GetOrAdd(id, k => "#" + k);
                    public void Rename(int id, string name) => _names[id] = name;
                    public int Id(string name) => _ids.GetOrAdd(name, k => k.Length);
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = scope,
        }.RunAsync();

    [Fact]
    public Task SingleFixOnATwoMethodCacheFixesBothWrites()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            class Catalog
            {
                private static readonly Dictionary<(Catalog, int), string> s_names = new();
                public void Name(int id) => [|s_names[(this, id)] = "#"|];
                public void Rename(int id, string name) => [|s_names[(this, id)] = name|];
            }
            """,
            """
            using System.Collections.Generic;
            class Catalog
            {
                private readonly Dictionary<int, string> _names = new();
                public void Name(int id) => _names[id] = "#";
                public void Rename(int id, string name) => _names[id] = name;
            }
            """,
            Key);

    [Theory]
    [InlineData(null)]
    [InlineData(FixAllScope.Project)]
    public Task MultiFilePartialClass(FixAllScope? scope)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Generic;
                partial class Widget
                {
                    private static readonly Dictionary<(Widget, int), int> s_cache = new();
                    public void Store(int x) => [|s_cache[(this, x)] = x|];
                }
                """,
                """
                partial class Widget
                {
                    public int Load(int x) => s_cache.TryGetValue((this, x), out var v) ? v : [|s_cache[(this, x)] = x * 2|];
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Generic;
                partial class Widget
                {
                    private readonly Dictionary<int, int> _cache = new();
                    public void Store(int x) => _cache[x] = x;
                }
                """,
                """
                partial class Widget
                {
                    public int Load(int x) => _cache.TryGetValue(x, out var v) ? v : _cache[x] = x * 2;
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = scope,
        }.RunAsync();

    private const string Session = """
        using System.Collections.Concurrent;
        class Session
        {
            private static readonly ConcurrentDictionary<Session, int> _ids = new();
            public void Register(int id) => [|_ids.TryAdd(this, id)|];
        }
        """;

    private const string NotPerInstance = """
        using System.Collections.Generic;
        class Widget
        {
            private static readonly Dictionary<(Widget, int), int> s_cache = new();
            public void Store(int x) => [|s_cache[(this, x)] = x|];
            public static void Reset() => s_cache.Clear();
        }
        class Gadget
        {
            internal static readonly Dictionary<(Gadget, int), int> Cache = new();
            public void Store(int x) => [|Cache[(this, x)] = x|];
        }
        """;

    private const string KeysEnumerated = """
        using System.Collections.Generic;
        using System.Linq;
        class Widget
        {
            private static readonly Dictionary<(Widget, int), int> s_cache = new();
            public void Store(int x) => [|s_cache[(this, x)] = x|];
            public int Mine() => s_cache.Keys.Count(k => k.Item1 == this);
        }
        """;
}
