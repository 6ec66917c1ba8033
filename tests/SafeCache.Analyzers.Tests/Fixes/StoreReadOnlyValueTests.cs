using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;
using Verify = SafeCache.Analyzers.Tests.Verification.CodeFixVerifier<SafeCache.Analyzers.Rules.CachedMutableValueEscapesAnalyzer, SafeCache.CodeFixes.CachedMutableValueEscapesCodeFixProvider>;

namespace SafeCache.Analyzers.Tests.Fixes;

public class StoreReadOnlyValueTests
{
    private const string Key = "SC0002.StoreReadOnlyValue";

    [Fact]
    public Task GetOrAddFactoryStoresAnArray_AndTheInternalMethodReturnsIReadOnlyList()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Tags
            {
                // Parsed once per post.
                private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();

                internal static List<string> For(string post) => [|s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')))|];
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Tags
            {
                // Parsed once per post.
                private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> s_tags = new();

                internal static IReadOnlyList<string> For(string post) => s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')).ToArray());
            }
            """,
            Key);

    [Fact]
    public Task MissPathStoresAnArrayAndTheHitPathReturnsIt()
        => Verify.VerifyFixAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            class Names
            {
                private static readonly Dictionary<Type, List<string>> s_names = new Dictionary<Type, List<string>>();

                private static List<string> PropertyNames(Type type)
                {
                    if (!s_names.TryGetValue(type, out var names))
                    {
                        names = type.GetProperties().Select(p => p.Name).ToList();
                        s_names.Add(type, names);
                    }

                    return [|names|];
                }
            }
            """,
            """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            class Names
            {
                private static readonly Dictionary<Type, IReadOnlyList<string>> s_names = new Dictionary<Type, IReadOnlyList<string>>();

                private static IReadOnlyList<string> PropertyNames(Type type)
                {
                    if (!s_names.TryGetValue(type, out var names))
                    {
                        names = type.GetProperties().Select(p => p.Name).ToList();
                        s_names.Add(type, names.ToArray());
                    }

                    return names;
                }
            }
            """,
            Key);

    [Fact]
    public Task NotOfferedWhenAPublicSignatureWouldChange()
        => new CodeFixTest<CachedMutableValueEscapesAnalyzer, CachedMutableValueEscapesCodeFixProvider>
        {
            Sources = { PublicMethod },
            FixedSources = { PublicMethod },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();

    [Fact]
    public Task NotOfferedWhenACallerMutatesTheResult()
        => new CodeFixTest<CachedMutableValueEscapesAnalyzer, CachedMutableValueEscapesCodeFixProvider>
        {
            Sources = { CallerMutates },
            FixedSources = { CallerMutates },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Solution)]
    public Task FixAll_RewritesEachCacheOnce(FixAllScope scope)
        => Verify.VerifyFixAllAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Catalog
            {
                private readonly ConcurrentDictionary<int, int[]> _ids = new();
                private readonly ConcurrentDictionary<string, List<string>> _names = new();
                private int[] Ids(int id) => [|_ids.GetOrAdd(id, i => new int[i])|];
                private int[] MoreIds(int id) => [|_ids.GetOrAdd(id + 1, i => new int[i])|];
                internal List<string> Names(string key) => [|_names.GetOrAdd(key, k => new List<string> { k })|];
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Catalog
            {
                private readonly ConcurrentDictionary<int, IReadOnlyList<int>> _ids = new();
                private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _names = new();
                private IReadOnlyList<int> Ids(int id) => _ids.GetOrAdd(id, i => new int[i]);
                private IReadOnlyList<int> MoreIds(int id) => _ids.GetOrAdd(id + 1, i => new int[i]);
                internal IReadOnlyList<string> Names(string key) => _names.GetOrAdd(key, k => new List<string> { k }.ToArray());
            }
            """,
            scope,
            Key);

    private const string PublicMethod = """
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        public static class Tags
        {
            private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();
            public static List<string> For(string post) => [|s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')))|];
        }
        """;

    private const string CallerMutates = """
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        class Tags
        {
            private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();
            private static List<string> For(string post) => [|s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')))|];
            public static void Tag(string post) => For(post).Add("seen");
        }
        """;
}
