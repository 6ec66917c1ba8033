using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Fixes;

public class CompareKeysByContentTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0004");

    [Fact]
    public Task Dictionary_TargetTypedNew_GetsSequenceComparer()
        => CodeFixVerifier<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>.VerifyFixAsync(
            """
            using System.Collections.Generic;

            static class Planner
            {
                // Plans by route.
                private static readonly Dictionary<{|SC0004:int[]|}, string> s_plans = new(); // shared

                public static string Plan(int[] ids) => s_plans.TryGetValue(ids, out var plan) ? plan : "";
            }
            """,
            """
            using System.Collections.Generic;
            using SafeCache;

            static class Planner
            {
                // Plans by route.
                private static readonly Dictionary<int[], string> s_plans = new(SequenceEqualityComparer<int>.Default); // shared

                public static string Plan(int[] ids) => s_plans.TryGetValue(ids, out var plan) ? plan : "";
            }
            """,
            Key);

    [Fact]
    public Task ExplicitCreationWithCapacity_AndLruCache_FixAllInDocument()
        => new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using SafeCache;

                class Routes
                {
                    private readonly Dictionary<{|SC0004:List<string>|}, int> _routes = new Dictionary<List<string>, int>(16);
                    private static readonly LruCache<{|SC0004:string[]|}, int> s_paths = new(capacity: 100);
                    private readonly ConcurrentDictionary<{|SC0004:long[]|}, int> _ids = new ConcurrentDictionary<long[], int> { };

                    public int Find(List<string> segments, string[] path, long[] ids)
                        => _routes[segments] + s_paths.GetOrAdd(path, p => p.Length) + _ids.GetOrAdd(ids, i => i.Length);
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using SafeCache;

                class Routes
                {
                    private readonly Dictionary<List<string>, int> _routes = new Dictionary<List<string>, int>(16, SequenceEqualityComparer<string>.Default);
                    private static readonly LruCache<string[], int> s_paths = new(capacity: 100, comparer: SequenceEqualityComparer<string>.Default);
                    private readonly ConcurrentDictionary<long[], int> _ids = new ConcurrentDictionary<long[], int>(SequenceEqualityComparer<long>.Default) { };

                    public int Find(List<string> segments, string[] path, long[] ids)
                        => _routes[segments] + s_paths.GetOrAdd(path, p => p.Length) + _ids.GetOrAdd(ids, i => i.Length);
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Document,
        }.RunAsync();

    [Fact]
    public Task HashSetKey_HasNoContentComparer_NoFix()
        => new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Generic;

                class Groups
                {
                    private readonly Dictionary<{|SC0004:HashSet<int>|}, int> _seen = new();
                    public int Count(HashSet<int> g) => _seen.TryGetValue(g, out var n) ? n : 0;
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Generic;

                class Groups
                {
                    private readonly Dictionary<{|SC0004:HashSet<int>|}, int> _seen = new();
                    public int Count(HashSet<int> g) => _seen.TryGetValue(g, out var n) ? n : 0;
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();
}
