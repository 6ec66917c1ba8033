using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;
using Verify = SafeCache.Analyzers.Tests.Verification.CodeFixVerifier<SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceStateAnalyzer, SafeCache.CodeFixes.SharedCacheIgnoresInstanceStateCodeFixProvider>;

namespace SafeCache.Analyzers.Tests.Fixes;

public class SharedCacheIgnoresInstanceStateFixTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0005");

    [Fact]
    public Task StaticIsDroppedAndCommentsKept()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            class PriceList
            {
                // prices already converted to this list's currency
                private static readonly ConcurrentDictionary<string, decimal> s_prices = new();
                private readonly decimal _rate;

                public PriceList(decimal rate) => _rate = rate;

                public decimal Price(string sku) => [|s_prices.GetOrAdd(sku, s => s.Length * _rate)|];
            }
            """,
            """
            using System.Collections.Concurrent;
            class PriceList
            {
                // prices already converted to this list's currency
                private readonly ConcurrentDictionary<string, decimal> _prices = new();
                private readonly decimal _rate;

                public PriceList(decimal rate) => _rate = rate;

                public decimal Price(string sku) => _prices.GetOrAdd(sku, s => s.Length * _rate);
            }
            """,
            Key);

    [Fact]
    public Task QualifiedReferencesLoseTheTypeName()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            class Converter
            {
                static Dictionary<decimal, decimal> s_converted = new();
                private readonly decimal _rate;
                public Converter(decimal rate) => _rate = rate;
                public decimal Convert(decimal amount)
                {
                    if (!Converter.s_converted.TryGetValue(amount, out var result))
                    {
                        result = amount * _rate;
                        [|Converter.s_converted[amount] = result|];
                    }
                    return result;
                }
            }
            """,
            """
            using System.Collections.Generic;
            class Converter
            {
                Dictionary<decimal, decimal> _converted = new();
                private readonly decimal _rate;
                public Converter(decimal rate) => _rate = rate;
                public decimal Convert(decimal amount)
                {
                    if (!_converted.TryGetValue(amount, out var result))
                    {
                        result = amount * _rate;
                        _converted[amount] = result;
                    }
                    return result;
                }
            }
            """,
            Key);

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public Task FixAllRewritesEachFieldOnce(FixAllScope scope)
        => new CodeFixTest<SharedCacheIgnoresInstanceStateAnalyzer, SharedCacheIgnoresInstanceStateCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                using SafeCache;
                class Catalog
                {
                    private static readonly ConcurrentDictionary<int, string> s_names = new();
                    private static readonly LruCache<string, int> s_ids = new(64);
                    private string _prefix = "";
                    public void UsePrefix(string prefix) => _prefix = prefix;
                    public string Name(int id) => [|s_names.GetOrAdd(id, i => _prefix + i)|];
                    public void Rename(int id, string name) => [|s_names[id] = _prefix + name|];
                    public int Id(string name) => [|s_ids.GetOrAdd(name, n => (_prefix + n).Length)|];
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                using SafeCache;
                class Catalog
                {
                    private readonly ConcurrentDictionary<int, string> _names = new();
                    private readonly LruCache<string, int> _ids = new(64);
                    private string _prefix = "";
                    public void UsePrefix(string prefix) => _prefix = prefix;
                    public string Name(int id) => _names.GetOrAdd(id, i => _prefix + i);
                    public void Rename(int id, string name) => _names[id] = _prefix + name;
                    public int Id(string name) => _ids.GetOrAdd(name, n => (_prefix + n).Length);
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = scope,
        }.RunAsync();

    [Fact]
    public Task ReadThroughAnInheritedMethod_ReportedAtCompilationEnd_IsFixed()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            abstract class ReportBase
            {
                private readonly string _region;
                protected ReportBase(string region) => _region = region;
                protected string Describe(int id) => _region + ":" + id;
            }
            class SalesReport : ReportBase
            {
                private static readonly ConcurrentDictionary<int, string> s_titles = new();
                public SalesReport(string region) : base(region) { }
                public string Title(int id) => [|s_titles.GetOrAdd(id, Describe)|];
            }
            """,
            """
            using System.Collections.Concurrent;
            abstract class ReportBase
            {
                private readonly string _region;
                protected ReportBase(string region) => _region = region;
                protected string Describe(int id) => _region + ":" + id;
            }
            class SalesReport : ReportBase
            {
                private readonly ConcurrentDictionary<int, string> _titles = new();
                public SalesReport(string region) : base(region) { }
                public string Title(int id) => _titles.GetOrAdd(id, Describe);
            }
            """,
            Key);

    [Fact]
    public Task NotOfferedWhenTheCacheIsUsedFromAStaticMember()
        => NotOffered("""
            using System.Collections.Concurrent;
            class PriceList
            {
                private static readonly ConcurrentDictionary<string, decimal> s_prices = new();
                private readonly decimal _rate;
                public PriceList(decimal rate) => _rate = rate;
                public decimal Price(string sku) => [|s_prices.GetOrAdd(sku, s => s.Length * _rate)|];
                public static void Reset() => s_prices.Clear();
            }
            """);

    [Fact]
    public Task NotOfferedWhenOtherTypesCanSeeTheCache()
        => NotOffered("""
            using System.Collections.Concurrent;
            class PriceList
            {
                internal static readonly ConcurrentDictionary<string, decimal> Prices = new();
                private readonly decimal _rate;
                public PriceList(decimal rate) => _rate = rate;
                public decimal Price(string sku) => [|Prices.GetOrAdd(sku, s => s.Length * _rate)|];
            }
            """);

    private static Task NotOffered(string source)
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheIgnoresInstanceStateAnalyzer, SharedCacheIgnoresInstanceStateCodeFixProvider>(source, MakeCachePerInstanceFix.Instance);
}
