using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Fixes;

public class BoundWithLruCacheTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0003");

    [Fact]
    public Task ConcurrentDictionary_BecomesLruCache_WithDefaultCapacity()
        => CodeFixVerifier<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>.VerifyFixAsync(
            """
            using System.Collections.Concurrent;

            namespace Shop;

            static class Prices
            {
                // Computed prices, per SKU.
                private static readonly ConcurrentDictionary<string, decimal> [|s_results = new()|];

                public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
            }
            """,
            """
            using System.Collections.Concurrent;
            using SafeCache;

            namespace Shop;

            static class Prices
            {
                // Computed prices, per SKU.
                private static readonly LruCache<string, decimal> s_results = new(capacity: 128);

                public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
            }
            """,
            Key);

    [Fact]
    public Task Dictionary_KeepsComparer_UsesEditorConfigCapacity_AndEveryUseStillCompiles()
        => new CodeFixTest<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>
        {
            Sources =
            {
                """
                using System;
                using System.Collections.Generic;
                using System.Linq;

                class Geo
                {
                    private static Dictionary<string, int> [|s_cache = new Dictionary<string, int>(100, StringComparer.OrdinalIgnoreCase)|]; // host → ip

                    public static int Resolve(string host)
                    {
                        if (!s_cache.TryGetValue(host, out var ip))
                        {
                            ip = host.GetHashCode();
                            s_cache[host] = ip;
                        }

                        return ip;
                    }

                    public static string Dump()
                    {
                        lock (s_cache)
                        {
                            foreach (var pair in s_cache) Console.WriteLine(pair.Key);
                            foreach (var host in s_cache.Keys) Console.WriteLine(host);
                            return string.Join(",", s_cache.Values.Select(v => v.ToString())) + s_cache.Count + s_cache.ContainsKey("x") + nameof(s_cache);
                        }
                    }
                }
                """,
            },
            FixedSources =
            {
                """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using SafeCache;

                class Geo
                {
                    private static LruCache<string, int> s_cache = new(capacity: 64, comparer: StringComparer.OrdinalIgnoreCase); // host → ip

                    public static int Resolve(string host)
                    {
                        if (!s_cache.TryGetValue(host, out var ip))
                        {
                            ip = host.GetHashCode();
                            s_cache[host] = ip;
                        }

                        return ip;
                    }

                    public static string Dump()
                    {
                        lock (s_cache)
                        {
                            foreach (var pair in s_cache) Console.WriteLine(pair.Key);
                            foreach (var host in s_cache.Keys) Console.WriteLine(host);
                            return string.Join(",", s_cache.Values.Select(v => v.ToString())) + s_cache.Count + s_cache.ContainsKey("x") + nameof(s_cache);
                        }
                    }
                }
                """,
            },
            EditorConfig = "safecache.default_capacity = 64",
            CodeActionEquivalenceKey = Key,
        }.RunAsync();

    [Fact]
    public Task FixAll_InSolution_FixesEveryFieldAndAddsOneUsing()
        => new CodeFixTest<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                using System.Collections.Generic;

                static class Memo
                {
                    private static readonly ConcurrentDictionary<string, int> [|s_lengths = new()|];
                    private static readonly Dictionary<int, string> [|s_names = new()|];

                    public static int Length(string s) => s_lengths.GetOrAdd(s, x => x.Length);

                    public static string Name(int id)
                    {
                        if (!s_names.TryGetValue(id, out var name))
                        {
                            name = "#" + id;
                            s_names.Add(id, name);
                        }

                        return name;
                    }
                }
                """,
                """
                using System.Collections.Concurrent;

                class Other
                {
                    private static readonly ConcurrentDictionary<(string, int), string> [|s_pairs = new ConcurrentDictionary<(string, int), string>()|];

                    public string Pair(string a, int b) => s_pairs.AddOrUpdate((a, b), k => k.Item1, (k, _) => k.Item1 + k.Item2);
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using SafeCache;

                static class Memo
                {
                    private static readonly LruCache<string, int> s_lengths = new(capacity: 128);
                    private static readonly LruCache<int, string> s_names = new(capacity: 128);

                    public static int Length(string s) => s_lengths.GetOrAdd(s, x => x.Length);

                    public static string Name(int id)
                    {
                        if (!s_names.TryGetValue(id, out var name))
                        {
                            name = "#" + id;
                            s_names.Add(id, name);
                        }

                        return name;
                    }
                }
                """,
                """
                using System.Collections.Concurrent;
                using SafeCache;

                class Other
                {
                    private static readonly LruCache<(string, int), string> s_pairs = new(capacity: 128);

                    public string Pair(string a, int b) => s_pairs.AddOrUpdate((a, b), k => k.Item1, (k, _) => k.Item1 + k.Item2);
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = FixAllScope.Solution,
        }.RunAsync();

    [Fact]
    public Task FixAll_InDocument()
        => CodeFixVerifier<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>.VerifyFixAllAsync(
            """
            using System.Collections.Concurrent;

            static class Memo
            {
                private static readonly ConcurrentDictionary<string, int> [|s_a = new()|];
                private static readonly ConcurrentDictionary<string, int> [|s_b = new()|];
                public static int A(string s) => s_a.GetOrAdd(s, x => x.Length);
                public static int B(string s) => s_b.GetOrAdd(s, 1);
            }
            """,
            """
            using System.Collections.Concurrent;
            using SafeCache;

            static class Memo
            {
                private static readonly LruCache<string, int> s_a = new(capacity: 128);
                private static readonly LruCache<string, int> s_b = new(capacity: 128);
                public static int A(string s) => s_a.GetOrAdd(s, x => x.Length);
                public static int B(string s) => s_b.GetOrAdd(s, 1);
            }
            """,
            FixAllScope.Document,
            Key);

    [Fact]
    public Task NotOffered_WhenAUseHasNoLruCacheCounterpart_OrTheFieldIsVisible()
    {
        const string Source = """
            using System.Collections.Concurrent;
            using System.Collections.Generic;

            public static class Memo
            {
                private static readonly ConcurrentDictionary<string, int> [|s_snapshot = new()|];
                private static readonly Dictionary<string, int> [|s_seeded = new(new Dictionary<string, int> { ["a"] = 1 })|];
                private static readonly Dictionary<string, int> [|s_keys = new()|];
                public static readonly ConcurrentDictionary<string, int> [|Visible = new()|];

                public static int A(string s) => s_snapshot.GetOrAdd(s, x => x.Length) + s_snapshot.ToArray().Length;
                public static int B(string s) { if (!s_seeded.TryGetValue(s, out var v)) { v = 1; s_seeded.Add(s, v); } return v; }
                public static int C(string s)
                {
                    if (!s_keys.ContainsKey(s)) s_keys[s] = s.Length;
                    Dictionary<string, int>.KeyCollection keys = s_keys.Keys;
                    return keys.Count;
                }
                public static int D(string s) => Visible.GetOrAdd(s, x => x.Length);
            }
            """;
        return new CodeFixTest<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>
        {
            Sources = { Source },
            FixedSources = { Source },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();
    }

    [Fact]
    public Task NotReported_NorBounded_ForARegistryWhoseUpdateReadsTheStoredValue()
        => AnalyzerVerifier<UnboundedSharedCacheAnalyzer>.VerifyAsync(
            """
            using System;
            using System.Collections.Concurrent;

            static class EventBus
            {
                private static readonly ConcurrentDictionary<string, Action> s_handlers = new();

                public static void Subscribe(string topic, Action handler) => s_handlers.AddOrUpdate(topic, handler, (_, old) => old + handler);
            }
            """);

    [Fact]
    public Task NotReported_NorBounded_ForARegistryWhoseStoredValueIsChangedInPlace()
        => AnalyzerVerifier<UnboundedSharedCacheAnalyzer>.VerifyAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;

            static class Subscriptions
            {
                private static readonly ConcurrentDictionary<string, List<int>> s_byTopic = new();

                public static void Add(string topic, int id) => s_byTopic.GetOrAdd(topic, _ => new List<int>()).Add(id);
            }
            """);
}
