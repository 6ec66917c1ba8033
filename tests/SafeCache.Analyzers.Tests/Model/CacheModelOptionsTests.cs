using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Model;

/// <summary>
/// Every <c>safecache.*</c> option is user input: values the analyzers do not understand are ignored (the defaults
/// apply), never an exception, an AD0001 or a changed diagnostic. Nested types may be written the C# way or the metadata way.
/// </summary>
public class CacheModelOptionsTests
{
    /// <summary>Values a user can plausibly write by mistake, for any key.</summary>
    public static readonly IReadOnlyList<string> GarbageValues = new[]
    {
        string.Empty,
        "   ",
        ",",
        ",,  , ,",
        "-1",
        "0",
        "-2147483649",
        "2147483648",
        "99999999999999999999999",
        "1e3",
        "0x40",
        "12.5",
        "abc",
        "true",
        "Unknown.Type",
        "System.Collections.Generic.List<int>",
        "Dictionary<string, int>",
        "System.Collections.Generic.Dictionary`2[System.String,System.Int32]",
        "Sytem.Strng, mscorlib", // a typo, with an assembly name
        "System.String[]",
        "int",
        "Foo`abc",
        "Foo`-1",
        "Foo`99999999999",
        "...",
        "Ns..Type",
        ".Leading",
        "Trailing.",
        "+",
        "Outer+",
        "+Inner",
        "global::",
        "global::.",
        "\"App.Store\"",
        "App.Store*",
        "é✓ 名前",
    };

    /// <summary>Every option key SafeCache reads, plus ones it may read later or never.</summary>
    public static readonly IReadOnlyList<string> Keys = new[]
    {
        CacheModelOptions.AdditionalCacheTypesKey,
        CacheModelOptions.BoundedKeyTypesKey,
        CacheModelOptions.DefaultCapacityKey,
        "safecache.SC0002.mutable_classes",
        "safecache.no_such_option",
    };

    public static IEnumerable<object[]> EveryKeyWithEveryGarbageValue
        => Keys.SelectMany(key => GarbageValues.Select(value => new object[] { key, value }));

    public static IEnumerable<object[]> EveryGarbageValue => GarbageValues.Select(value => new object[] { value });

    /// <summary>
    /// One value of each kind for the (slower) rule and fix runs: empty, separators only, negative, overflowing,
    /// non-numeric, unknown type, C# generic syntax, bad arity, stray dots and '+', a bare "global::".
    /// </summary>
    public static IEnumerable<object[]> GarbageValueKinds
        => new[] { string.Empty, ",,  , ,", "-1", "0", "2147483648", "1e3", "abc", "Unknown.Type", "Dictionary<string, int>", "Foo`abc", "Ns..Type", "Outer+", "global::" }
            .Select(value => new object[] { value });

    private const string ModelSource = """
        using System.Collections.Generic;
        namespace App
        {
            public sealed class Store { public void Add(string key, int value) { } }
            public static class Outer
            {
                public sealed class Store { public void Add(string key, int value) { } }
            }
        }
        class C
        {
            static readonly Dictionary<string, int> s_map = new();
            static readonly App.Store s_store = new();
            static readonly App.Outer.Store s_nested = new();
            void Use(string key)
            {
                s_map[key] = 1;
                s_store.Add(key, 2);
                s_nested.Add(key, 3);
            }
        }
        """;

    // ---- The model: garbage is ignored, key by key ----

    [Theory]
    [MemberData(nameof(EveryKeyWithEveryGarbageValue))]
    public void Garbage_value_leaves_the_model_as_without_options(string key, string value)
    {
        var harness = ModelHarness.Create(ModelSource, $"{key} = {value}");

        Assert.Empty(harness.Model.Options.Global.AdditionalCacheTypes);
        Assert.Empty(harness.Model.Options.Global.BoundedKeyTypes);
        Assert.Equal(new[] { "s_map" }, harness.AccessesIn("Use").Select(a => a.Cache.Name));
    }

    [Theory]
    [MemberData(nameof(EveryGarbageValue))]
    public void Garbage_default_capacity_falls_back_to_128(string value)
    {
        Assert.Equal(CacheModelOptions.DefaultCapacity, CacheModelOptions.GetDefaultCapacity(new Options(CacheModelOptions.DefaultCapacityKey, value)));
    }

    [Theory]
    [InlineData("2147483647")] // int.MaxValue is what SC0003 calls unbounded: the fix must not write it.
    [InlineData("+0")]
    public void Unbounded_or_zero_default_capacity_falls_back_to_128(string value)
    {
        Assert.Equal(CacheModelOptions.DefaultCapacity, CacheModelOptions.GetDefaultCapacity(new Options(CacheModelOptions.DefaultCapacityKey, value)));
    }

    [Theory]
    [InlineData("64", 64)]
    [InlineData("  64  ", 64)]
    [InlineData("1", 1)]
    [InlineData("2147483646", 2147483646)]
    public void Valid_default_capacity_is_used(string value, int expected)
    {
        Assert.Equal(expected, CacheModelOptions.GetDefaultCapacity(new Options(CacheModelOptions.DefaultCapacityKey, value)));
    }

    [Fact]
    public void Missing_default_capacity_is_128()
    {
        Assert.Equal(128, CacheModelOptions.GetDefaultCapacity(new Options("safecache.other", "5")));
    }

    [Fact]
    public void Garbage_entries_next_to_a_good_one_do_not_hide_it()
    {
        var harness = ModelHarness.Create(ModelSource, "safecache.additional_cache_types = ,Unknown.Type, List<int>, App.Store ,Foo`abc");

        Assert.Equal(new[] { "App.Store" }, harness.Model.Options.Global.AdditionalCacheTypes.Select(t => t.ToDisplayString()));
        Assert.Equal(new[] { "s_map", "s_store" }, harness.AccessesIn("Use").Select(a => a.Cache.Name));
    }

    // ---- Nested types: the C# spelling and the metadata spelling both work ----

    [Theory]
    [InlineData("App.Outer.Store")]
    [InlineData("App.Outer+Store")]
    [InlineData("global::App.Outer.Store")]
    public void Nested_cache_type_is_recognised_in_either_spelling(string name)
    {
        var harness = ModelHarness.Create(ModelSource, $"{CacheModelOptions.AdditionalCacheTypesKey} = {name}");

        Assert.Equal(new[] { "App.Outer.Store" }, harness.Model.Options.Global.AdditionalCacheTypes.Select(t => t.ToDisplayString()));
        Assert.Equal(new[] { "s_map", "s_nested" }, harness.AccessesIn("Use").Select(a => a.Cache.Name));
    }

    [Fact]
    public void Nested_spelling_prefers_a_real_namespace_type_of_that_name()
    {
        // "App.Store" is a top-level type: the dotted name must not be turned into a nested one first.
        var harness = ModelHarness.Create(ModelSource, $"{CacheModelOptions.AdditionalCacheTypesKey} = App.Store, App.Outer.Store");

        Assert.Equal(
            new[] { "App.Store", "App.Outer.Store" },
            harness.Model.Options.Global.AdditionalCacheTypes.Select(t => t.ToDisplayString()));
    }

    [Theory]
    [InlineData("Shop.Keys.TenantId")]
    [InlineData("Shop.Keys+TenantId")]
    public Task Nested_bounded_key_type_is_recognised_in_either_spelling(string name)
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                namespace Shop { public static class Keys { public sealed record TenantId(string Value); } }
                static class Tenants
                {
                    private static readonly ConcurrentDictionary<Shop.Keys.TenantId, string> s_names = new();
                    public static string Name(Shop.Keys.TenantId id) => s_names.GetOrAdd(id, i => i.Value);
                }
                """,
            },
            EditorConfig = $"{CacheModelOptions.BoundedKeyTypesKey} = {name}",
        }.RunAsync();

    // ---- The rules: with every key set to garbage, each still reports exactly what it reports without options ----

    private static string AllKeys(string value) => string.Join("\n", Keys.Select(key => $"{key} = {value}"));

    [Theory]
    [MemberData(nameof(GarbageValueKinds))]
    public Task SC0001_is_unchanged_by_garbage_options(string value)
        => new AnalyzerTest<SharedCacheCapturesInstanceAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Generic;
                class ReportBuilder
                {
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
            },
            EditorConfig = AllKeys(value),
        }.RunAsync();

    [Theory]
    [MemberData(nameof(GarbageValueKinds))]
    public Task SC0002_is_unchanged_by_garbage_options(string value)
        => new AnalyzerTest<CachedMutableValueEscapesAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                static class Tags
                {
                    private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();
                    public static List<string> GetTags(string post) => [|s_tags.GetOrAdd(post, p => p.Split(',').ToList())|];
                }
                static class Ext { public static List<string> ToList(this string[] a) => new(a); }
                """,
            },
            EditorConfig = AllKeys(value),
        }.RunAsync();

    [Theory]
    [MemberData(nameof(GarbageValueKinds))]
    public Task SC0003_is_unchanged_by_garbage_options(string value)
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                static class Prices
                {
                    private static readonly ConcurrentDictionary<string, decimal> [|s_results = new()|];
                    public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
                }
                """,
            },
            EditorConfig = AllKeys(value),
        }.RunAsync();

    [Theory]
    [MemberData(nameof(GarbageValueKinds))]
    public Task SC0005_is_unchanged_by_garbage_options(string value)
        => new AnalyzerTest<SharedCacheIgnoresInstanceStateAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                class PriceList
                {
                    private static readonly ConcurrentDictionary<string, decimal> s_prices = new();
                    private readonly string _currency;
                    public PriceList(string currency) => _currency = currency;
                    public decimal Price(string sku) => [|s_prices.GetOrAdd(sku, s => Convert(s.Length, _currency))|];
                    private static decimal Convert(decimal amount, string currency) => currency == "EUR" ? amount : amount * 2;
                }
                """,
            },
            EditorConfig = AllKeys(value),
        }.RunAsync();

    // ---- The fixes that read default_capacity: garbage gives the documented 128 ----

    [Theory]
    [MemberData(nameof(GarbageValueKinds))]
    public Task Bound_with_LruCache_uses_128_for_a_garbage_capacity(string value)
        => new CodeFixTest<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                static class Prices
                {
                    private static readonly ConcurrentDictionary<string, decimal> [|s_results = new()|];
                    public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                using SafeCache;
                static class Prices
                {
                    private static readonly LruCache<string, decimal> s_results = new(capacity: 128);
                    public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
                }
                """,
            },
            EditorConfig = AllKeys(value),
            CodeActionEquivalenceKey = PreferredFixAllProvider.PreferredKey("SC0003"),
        }.RunAsync();

    [Theory]
    [MemberData(nameof(GarbageValueKinds))]
    public Task Hold_instance_weakly_uses_128_for_a_garbage_capacity(string value)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;

                class ReportBuilder
                {
                    private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_cache = new();

                    public string Build(int year) => [|s_cache.GetOrAdd((this, year), _ => Render(year))|];

                    private string Render(int year) => year.ToString();
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                using SafeCache;

                class ReportBuilder
                {
                    private static readonly WeakLruCache<ReportBuilder, int, string> s_cache = new(128);

                    public string Build(int year) => s_cache.GetOrAdd(this, year, (self, _) => self.Render(year));

                    private string Render(int year) => year.ToString();
                }
                """,
            },
            EditorConfig = AllKeys(value),
            CodeActionEquivalenceKey = "SC0001.HoldInstanceWeakly",
        }.RunAsync();

    /// <summary>One option, as <c>.editorconfig</c> would hand it over.</summary>
    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly string _key;
        private readonly string _value;

        public Options(string key, string value) => (_key, _value) = (key, value);

        // The [NotNullWhen] attribute is not spelled out: SafeCache.Analyzers' internal polyfill makes the name ambiguous here.
#pragma warning disable CS8765
        public override bool TryGetValue(string key, out string? value)
        {
            value = KeyComparer.Equals(key, _key) ? _value : null;
            return value is not null;
        }
#pragma warning restore CS8765
    }
}
