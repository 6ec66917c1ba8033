using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

public class UnboundedSharedCacheTests
{
    // ---- What to flag: 1-3. a static memo dictionary keyed by runtime data that nothing shrinks ----

    [Fact]
    public Task GetOrAdd_WithParameterKey_MessageNamesKeyTypeAndMember()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            static class Prices
            {
                private static readonly ConcurrentDictionary<string, decimal> s_results = new();
                public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(DiagnosticSeverity.Info).WithSpan(4, 67, 4, 84)
                .WithMessage("Static cache 's_results' is keyed by 'string' values from 'Lookup(string)' and nothing ever removes entries: unless those keys come from a fixed set, it grows for the life of the process"));

    [Fact]
    public Task StringKeyComputedFromTypesAndMembersIsBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            static class Names
            {
                private static readonly ConcurrentDictionary<string, string> s_byType = new();
                private static readonly ConcurrentDictionary<string, int> s_byMember = new();
                public static string Describe(Type type) => s_byType.GetOrAdd(type.FullName ?? type.Name, n => n.ToUpperInvariant());
                public static int Arity(MethodInfo method, BindingFlags flags)
                    => s_byMember.GetOrAdd($"{method.DeclaringType?.Name}.{method.Name}:{flags}", _ => method.GetParameters().Length);
            }
            """);

    [Fact]
    public Task StringKeyMixingTypeNameAndCallerDataIsUnbounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            static class Names
            {
                private static readonly ConcurrentDictionary<string, string> [|s_byType = new()|];
                public static string Describe(Type type, string suffix) => s_byType.GetOrAdd(type.Name + suffix, n => n.ToUpperInvariant());
            }
            """);

    [Fact]
    public Task TryGetValueMissThenAdd()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Geo
            {
                private static readonly Dictionary<string, int> [|s_cache = new Dictionary<string, int>()|];
                public static int Resolve(string host)
                {
                    if (!s_cache.TryGetValue(host, out var ip))
                    {
                        ip = host.GetHashCode();
                        s_cache.Add(host, ip);
                    }
                    return ip;
                }
            }
            """);

    [Fact]
    public Task ContainsKeyMissThenIndexerSet()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Slugs
            {
                private static Dictionary<int, string> [|s_slugs = new()|];
                public static string For(int id)
                {
                    if (!s_slugs.ContainsKey(id))
                    {
                        s_slugs[id] = "item-" + id;
                    }
                    return s_slugs[id];
                }
            }
            """);

    [Fact]
    public Task AddOrUpdate_ThatRecomputesFromTheKey_IsMemoUsage()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Hits
            {
                private static readonly ConcurrentDictionary<string, int> [|s_lengths = new()|];
                private static readonly ConcurrentDictionary<string, string> [|s_upper = new()|];
                public static int Measure(string url) => s_lengths.AddOrUpdate(url, u => u.Length, (u, _) => u.Length);
                public static string Upper(string url) => s_upper.AddOrUpdate(url, u => u.ToUpperInvariant(), (u, old) => u.ToUpperInvariant());
            }
            """);

    [Fact]
    public Task Hashtable_ContainsThenIndexerSet()
        => Verify.VerifyAsync("""
            using System.Collections;
            class Legacy
            {
                private static readonly Hashtable [|s_table = new Hashtable()|];
                public static object Get(string name)
                {
                    if (!s_table.ContainsKey(name))
                    {
                        s_table[name] = name.ToUpperInvariant();
                    }
                    return s_table[name];
                }
            }
            """);

    [Fact]
    public Task StaticAutoProperty_ReportedAtItsName()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            static class Tokens
            {
                public static ConcurrentDictionary<string, string> [|Cache|] { get; } = new();
                public static string Normalize(string token) => Cache.GetOrAdd(token, t => t.Trim());
            }
            """);

    [Fact]
    public Task ComputedTupleKey_FromRuntimeData()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Report
            {
                private static readonly ConcurrentDictionary<(string, int), string> [|s_reports = new()|];
                public string Render(string customer, int year) => s_reports.GetOrAdd((customer.ToUpperInvariant(), year), k => k.Item1 + k.Item2);
            }
            """);

    [Fact]
    public Task ObjectKeyedCache_WithStringKeys()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Boxes
            {
                private static readonly Dictionary<object, int> [|s_boxes = new()|];
                public static int Size(string name)
                {
                    if (s_boxes.TryGetValue(name, out var size)) return size;
                    size = name.Length;
                    s_boxes[name] = size;
                    return size;
                }
            }
            """);

    [Fact]
    public Task PublicField_WrittenFromAnotherFile()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                public static class Memo
                {
                    public static readonly ConcurrentDictionary<string, int> [|Lengths = new()|];
                }
                """,
                """
                public class User
                {
                    public int Measure(string text) => Memo.Lengths.GetOrAdd(text, t => t.Length);
                }
                """,
            },
        }.RunAsync();

    [Fact]
    public Task InstanceMethodWritingStaticCache_IsFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Translator
            {
                private static readonly ConcurrentDictionary<string, string> [|s_translations = new()|];
                private readonly string _language = "fr";
                public string Translate(string text) => s_translations.GetOrAdd(text, t => t + _language.Length);
            }
            """);

    [Fact]
    public Task EnumerationAndReadOnlyViews_DoNotHideTheLeak()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            static class Stats
            {
                private static readonly ConcurrentDictionary<string, int> [|s_stats = new()|];
                public static int Get(string key) => s_stats.GetOrAdd(key, k => k.Length);
                public static IReadOnlyDictionary<string, int> Snapshot() => s_stats;
                public static int Total() => s_stats.Sum(p => p.Value) + s_stats.Count;
            }
            """);

    [Fact]
    public Task StaticCacheOfGenericType_UsedThroughConstructedTypes()
        => Verify.VerifyAsync(
            """
            using System;
            using System.Collections.Concurrent;
            static class Memo<T>
            {
                private static readonly ConcurrentDictionary<string, T> s_map = new();
                public static T Get(string key, Func<string, T> create) => s_map.GetOrAdd(key, create);
            }
            static class User
            {
                public static int Length(string s) => Memo<int>.Get(s, x => x.Length);
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(DiagnosticSeverity.Info).WithSpan(5, 61, 5, 74)
                .WithMessage("Static cache 's_map' is keyed by 'string' values from 'Get(string, Func<string, T>)' and nothing ever removes entries: unless those keys come from a fixed set, it grows for the life of the process"));

    // ---- 4. MemoryCache without SizeLimit ----

    [Fact]
    public Task MemoryCacheInStaticField_WithoutSizeLimit()
        => Verify.VerifyAsync(
            """
            using Microsoft.Extensions.Caching.Memory;
            static class Sessions
            {
                private static readonly MemoryCache s_sessions = new MemoryCache(new MemoryCacheOptions { ExpirationScanFrequency = System.TimeSpan.FromMinutes(1) });
            }
            """,
            Verify.Diagnostic().WithSpan(4, 41, 4, 154)
                .WithMessage("Static field 's_sessions' creates a long-lived MemoryCache without SizeLimit: nothing evicts entries for size and it grows for the life of the process"));

    [Fact]
    public Task MemoryCacheAssignedToStaticProperty_ThroughOptionsCreate()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Caching.Memory;
            using Microsoft.Extensions.Options;
            static class Shared
            {
                public static IMemoryCache Cache { get; private set; } = null!;
                public static void Init() => Cache = [|new MemoryCache(Options.Create(new MemoryCacheOptions()))|];
            }
            """);

    [Fact]
    public Task MemoryCacheRegisteredAsSingleton()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Caching.Memory;
            using Microsoft.Extensions.DependencyInjection;
            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton<IMemoryCache>([|new MemoryCache(new MemoryCacheOptions())|]);
                    services.AddSingleton<IMemoryCache>(_ => [|new MemoryCache(new MemoryCacheOptions())|]);
                }
            }
            """);

    [Fact]
    public Task AddMemoryCache_WithoutSizeLimit()
        => Verify.VerifyAsync(
            """
            using Microsoft.Extensions.DependencyInjection;
            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddMemoryCache();
                    [|services.AddMemoryCache(o => o.CompactionPercentage = 0.2)|];
                }
            }
            """,
            Verify.Diagnostic().WithSpan(6, 9, 6, 34)
                .WithMessage("'AddMemoryCache()' creates a long-lived MemoryCache without SizeLimit: nothing evicts entries for size and it grows for the life of the process"));

    // ---- 5. int.MaxValue capacity ----

    [Fact]
    public Task MaxValueCapacity_OnRuntimeCaches()
        => Verify.VerifyAsync(
            """
            using System;
            using SafeCache;
            class Owner { }
            static class Caches
            {
                private static readonly LruCache<string, int> s_lengths = new([|capacity: int.MaxValue|]);
                private static readonly WeakLruCache<Owner, int, string> s_weak = new([|int.MaxValue|]);
                private static readonly Func<int, int> s_square = Memoize.Lru<int, int>(x => x * x, [|int.MaxValue|]).AsFunc();
                private static readonly LruCache<string, int> s_bounded = new(capacity: 1024);
            }
            """);

    [Fact]
    public Task MaxValueCapacity_MessageNamesTheType()
        => Verify.VerifyAsync(
            """
            using SafeCache;
            static class Caches
            {
                public static readonly LruCache<string, int> Lengths = new LruCache<string, int>(int.MaxValue);
            }
            """,
            Verify.Diagnostic().WithSpan(4, 86, 4, 98)
                .WithMessage("'LruCache<string, int>' with capacity int.MaxValue is never bounded: it grows for the life of the process"));

    // ---- What not to flag ----

    [Fact]
    public Task TypeKeyedReflectionCache_IsBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            static class Accessors
            {
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
                private static readonly ConcurrentDictionary<MethodInfo, string> s_names = new();
                private static readonly ConcurrentDictionary<(Type, bool), object> s_pairs = new();
                private static readonly ConcurrentDictionary<RuntimeTypeHandle, int> s_handles = new();
                public static PropertyInfo[] Get(Type type) => s_properties.GetOrAdd(type, t => t.GetProperties());
                public static string Name(MethodInfo method) => s_names.GetOrAdd(method, m => m.Name);
                public static object Pair(Type type, bool flag) => s_pairs.GetOrAdd((type, flag), k => k.Item1.Name);
                public static int Handle(Type type) => s_handles.GetOrAdd(type.TypeHandle, h => 1);
            }
            """);

    [Fact]
    public Task ObjectKeyedCache_WrittenOnlyWithTypes_IsBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            static class Converters
            {
                private static readonly Dictionary<object, string> s_converters = new();
                public static string For(Type type)
                {
                    if (!s_converters.TryGetValue(type, out var name))
                    {
                        name = type.Name;
                        s_converters[type] = name;
                    }
                    return name;
                }
            }
            """);

    [Fact]
    public Task EnumAndSmallKeyDomains_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            enum Color { Red, Green }
            static class Tables
            {
                private static readonly ConcurrentDictionary<Color, string> s_colors = new();
                private static readonly ConcurrentDictionary<(bool, byte), string> s_bytes = new();
                private static readonly ConcurrentDictionary<DayOfWeek?, string> s_days = new();
                public static string Name(Color color) => s_colors.GetOrAdd(color, c => c.ToString());
                public static string Bits(bool b, byte x) => s_bytes.GetOrAdd((b, x), k => k.ToString());
                public static string Day(DayOfWeek? day) => s_days.GetOrAdd(day, d => d.ToString() ?? "");
            }
            """);

    [Fact]
    public Task ConfiguredBoundedKeyType_IsBounded()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                namespace Shop { public sealed record TenantId(string Value); }
                static class Tenants
                {
                    private static readonly ConcurrentDictionary<Shop.TenantId, string> s_names = new();
                    public static string Name(Shop.TenantId id) => s_names.GetOrAdd(id, i => i.Value);
                }
                """,
            },
            EditorConfig = "safecache.bounded_key_types = Shop.TenantId",
        }.RunAsync();

    [Fact]
    public Task ClearedOnAnEvent_IsNotFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            static class Templates
            {
                private static readonly ConcurrentDictionary<string, string> s_compiled = new();
                public static event EventHandler? Reloaded;
                static Templates() => Reloaded += (_, _) => s_compiled.Clear();
                public static string Compile(string source) => s_compiled.GetOrAdd(source, s => s.Trim());
            }
            """);

    [Fact]
    public Task RemovedSomewhereElse_IsNotFlagged()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                public static class Users
                {
                    public static readonly ConcurrentDictionary<string, string> Names = new();
                    public static string Name(string id) => Names.GetOrAdd(id, i => i.ToUpperInvariant());
                }
                """,
                """
                public class Logout
                {
                    public void Run(string id) => Users.Names.TryRemove(id, out _);
                }
                """,
            },
        }.RunAsync();

    [Fact]
    public Task ReplacedOrGuarded_IsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            static class Guards
            {
                private static Dictionary<string, int> s_reset = new();
                private static Dictionary<string, int> s_swapped = new();
                private static readonly ConcurrentDictionary<string, int> s_guarded = new();
                public static int A(string k) { if (!s_reset.TryGetValue(k, out var v)) { v = k.Length; s_reset[k] = v; } return v; }
                public static void Reset() => s_reset = new Dictionary<string, int>();
                public static int B(string k) { if (!s_swapped.TryGetValue(k, out var v)) { v = k.Length; s_swapped.Add(k, v); } return v; }
                public static void Swap() => Interlocked.Exchange(ref s_swapped, new Dictionary<string, int>());
                public static int C(string k)
                {
                    if (s_guarded.TryGetValue(k, out var v)) return v;
                    v = k.Length;
                    if (s_guarded.Count < 10_000) s_guarded.TryAdd(k, v);
                    return v;
                }
            }
            """);

    [Fact]
    public Task InstanceWeakAndBoundedCaches_AreNotFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Runtime.CompilerServices;
            using SafeCache;
            class Parser
            {
                private readonly ConcurrentDictionary<string, int> _perInstance = new();
                private static readonly ConditionalWeakTable<object, string> s_weak = new();
                private static readonly LruCache<string, int> s_lru = new(capacity: 256);
                public int Parse(string s) => _perInstance.GetOrAdd(s, x => x.Length);
                public static string Describe(object o) => s_weak.GetValue(o, x => x.ToString() ?? "");
                public static int Bounded(string s) => s_lru.GetOrAdd(s, x => x.Length);
            }
            """);

    [Fact]
    public Task LookupTables_FilledWithConstantsOrInStaticConstructor_AreNotFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class Units
            {
                private const string Meter = "m";
                private static readonly Dictionary<string, double> s_factors = new() { ["km"] = 1000, ["cm"] = 0.01 };
                private static readonly Dictionary<string, double> s_names = new();
                private static readonly Dictionary<string, int> s_lazy = new();
                static Units()
                {
                    foreach (var unit in new[] { "km", "cm" })
                    {
                        if (!s_names.ContainsKey(unit)) s_names[unit] = unit.Length;
                    }
                }
                public static int Lazy()
                {
                    if (!s_lazy.TryGetValue(Meter, out var v)) { v = 1; s_lazy[Meter] = v; }
                    if (!s_lazy.ContainsKey("cm")) s_lazy.Add("cm", 2);
                    return v;
                }
                public static double Factor(string unit) => s_factors[unit] * s_names[unit];
            }
            """);

    [Fact]
    public Task Registry_WithUnconditionalWrites_IsNotMemoUsage()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            static class Handlers
            {
                private static readonly Dictionary<string, Action> s_handlers = new();
                public static void Register(string name, Action handler) => s_handlers[name] = handler;
                public static void Run(string name) { if (s_handlers.TryGetValue(name, out var h)) h(); }
            }
            """);

    [Fact]
    public Task CacheEscapingToCodeThatCouldShrinkIt_IsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class Escapes
            {
                private static readonly Dictionary<string, int> s_cache = new();
                public static int Get(string k) { if (!s_cache.TryGetValue(k, out var v)) { v = k.Length; s_cache.Add(k, v); } return v; }
                public static void Maintain() => Trim(s_cache);
                private static void Trim(IDictionary<string, int> cache) => cache.Remove("x");

                private static readonly Dictionary<string, int> s_aliased = new();
                public static int Get2(string k) { if (!s_aliased.TryGetValue(k, out var v)) { v = k.Length; s_aliased.Add(k, v); } return v; }
                public static void Reset() { var alias = s_aliased; alias.Clear(); }
            }
            """);

    [Fact]
    public Task MemoryCacheWithSizeLimitOrShortLifetime_IsNotFlagged()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Caching.Memory;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Options;
            class Services
            {
                private static readonly MemoryCache s_limited = new(new MemoryCacheOptions { SizeLimit = 1024 });
                private readonly MemoryCache _perInstance = new(new MemoryCacheOptions());
                private static MemoryCache Injected(IOptions<MemoryCacheOptions> options) => new MemoryCache(options);
                public static void Configure(IServiceCollection services, System.Action<MemoryCacheOptions> setup)
                {
                    services.AddMemoryCache(o => o.SizeLimit = 10_000);
                    services.AddMemoryCache(o => { o.CompactionPercentage = 0.1; o.SizeLimit = 500; });
                    services.AddMemoryCache(setup);
                    services.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }));
                    using var local = new MemoryCache(new MemoryCacheOptions());
                }
            }
            """);

    // ---- Robustness ----

    [Fact]
    public Task HalfTypedCode_DoesNotCrash()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                using Microsoft.Extensions.Caching.Memory;
                static class Broken
                {
                    private static readonly ConcurrentDictionary<Unknown, int> s_a = new();
                    private static readonly ConcurrentDictionary<string, int> s_b = new(
                    public static int Get(string k) => s_a.GetOrAdd(k, x => ;
                    public static int Get2(string k) => s_b.GetOrAdd(k, Missing);
                    static object M() => new MemoryCache(new MemoryCacheOptions { SizeLimit = });
                    static object N() => new SafeCache.LruCache<string, int>(int.MaxValue, );
                    static void O(Microsoft.Extensions.DependencyInjection.IServiceCollection s) => s.AddMemoryCache(o => o.);
                """,
            },
            CompileBeforeAnalysis = false,
        }.RunAsync();
}
