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

    [Fact]
    public Task MissPathReturningTheMutableLocal_StoresAFrozenDictionaryBehindIReadOnlyDictionary_KeepingTheComparer()
        => Verify.VerifyFixAsync(
            """
            using System;
            using System.Collections.Generic;
            class Headers
            {
                // Parsed once per raw header block.
                private static readonly Dictionary<string, Dictionary<string, string>> s_parsed = new();

                private static Dictionary<string, string> Parse(string raw)
                {
                    if (s_parsed.TryGetValue(raw, out var cached))
                    {
                        return [|cached|];
                    }

                    var headers = Split(raw);
                    s_parsed[raw] = headers;
                    return [|headers|];
                }

                private static Dictionary<string, string> Split(string raw)
                {
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in raw.Split('\n'))
                    {
                        headers[line.Split(':')[0]] = line;
                    }

                    return headers;
                }
            }
            """,
            """
            using System;
            using System.Collections.Frozen;
            using System.Collections.Generic;
            class Headers
            {
                // Parsed once per raw header block.
                private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> s_parsed = new();

                private static IReadOnlyDictionary<string, string> Parse(string raw)
                {
                    if (s_parsed.TryGetValue(raw, out var cached))
                    {
                        return cached;
                    }

                    var headers = Split(raw);
                    s_parsed[raw] = headers.ToFrozenDictionary(headers.Comparer);
                    return headers;
                }

                private static Dictionary<string, string> Split(string raw)
                {
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in raw.Split('\n'))
                    {
                        headers[line.Split(':')[0]] = line;
                    }

                    return headers;
                }
            }
            """,
            Key);

    [Fact]
    public Task HashSetBecomesFrozenSet_ACreationWithoutComparerIsFrozenAsItIs()
        => Verify.VerifyFixAsync(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Roles
            {
                private static readonly ConcurrentDictionary<string, HashSet<string>> s_roles = new();

                private static HashSet<string> For(string user) => [|s_roles.GetOrAdd(user, u => new HashSet<string>(u.Split(',')))|];

                public static bool Has(string user, string role) => For(user).Contains(role);

                public static Func<string, bool> Checker(string user) => For(user).Contains;
            }
            """,
            """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Frozen;
            using System.Collections.Generic;
            static class Roles
            {
                private static readonly ConcurrentDictionary<string, FrozenSet<string>> s_roles = new();

                private static FrozenSet<string> For(string user) => s_roles.GetOrAdd(user, u => new HashSet<string>(u.Split(',')).ToFrozenSet());

                public static bool Has(string user, string role) => For(user).Contains(role);

                public static Func<string, bool> Checker(string user) => For(user).Contains;
            }
            """,
            Key);

    [Fact]
    public Task NotOfferedWhenAStoredSetsComparerCannotBeKept()
        => new CodeFixTest<CachedMutableValueEscapesAnalyzer, CachedMutableValueEscapesCodeFixProvider>
        {
            Sources = { SetWithComparer },
            FixedSources = { SetWithComparer },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();

    [Fact]
    public Task NotOfferedWhenACallerMutatesTheDictionary()
        => new CodeFixTest<CachedMutableValueEscapesAnalyzer, CachedMutableValueEscapesCodeFixProvider>
        {
            Sources = { CallerMutatesDictionary },
            FixedSources = { CallerMutatesDictionary },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public Task FixAll_FreezesDictionariesAndSetsOncePerCache(FixAllScope scope)
        => Verify.VerifyFixAllAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Index
            {
                private readonly ConcurrentDictionary<int, Dictionary<string, int>> _maps = new();
                private readonly ConcurrentDictionary<int, HashSet<int>> _sets = new();
                private Dictionary<string, int> Map(int id) => [|_maps.GetOrAdd(id, i => new Dictionary<string, int> { ["a"] = i })|];
                private Dictionary<string, int> OtherMap(int id) => [|_maps.GetOrAdd(id + 1, i => new Dictionary<string, int> { ["k"] = 1 })|];
                internal HashSet<int> Set(int id) => [|_sets.GetOrAdd(id, i => new HashSet<int> { i })|];
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Frozen;
            using System.Collections.Generic;
            class Index
            {
                private readonly ConcurrentDictionary<int, FrozenDictionary<string, int>> _maps = new();
                private readonly ConcurrentDictionary<int, FrozenSet<int>> _sets = new();
                private FrozenDictionary<string, int> Map(int id) => _maps.GetOrAdd(id, i => new Dictionary<string, int> { ["a"] = i }.ToFrozenDictionary());
                private FrozenDictionary<string, int> OtherMap(int id) => _maps.GetOrAdd(id + 1, i => new Dictionary<string, int> { ["k"] = 1 }.ToFrozenDictionary());
                internal FrozenSet<int> Set(int id) => _sets.GetOrAdd(id, i => new HashSet<int> { i }.ToFrozenSet());
            }
            """,
            scope,
            Key);

    private const string SetWithComparer = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        static class Roles
        {
            private static readonly ConcurrentDictionary<string, HashSet<string>> s_roles = new();
            internal static HashSet<string> For(string user) => [|s_roles.GetOrAdd(user, u => new HashSet<string>(u.Split(','), StringComparer.OrdinalIgnoreCase))|];
        }
        """;

    private const string CallerMutatesDictionary = """
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        class Settings
        {
            private static readonly ConcurrentDictionary<string, Dictionary<string, string>> s_settings = new();
            private static Dictionary<string, string> For(string section) => [|s_settings.GetOrAdd(section, s => new Dictionary<string, string> { ["section"] = s })|];
            public static void Set(string section, string key, string value) => For(section)[key] = value;
        }
        """;

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
