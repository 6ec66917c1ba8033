using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;
using Verify = SafeCache.Analyzers.Tests.Verification.CodeFixVerifier<SafeCache.Analyzers.Rules.CachedMutableValueEscapesAnalyzer, SafeCache.CodeFixes.CachedMutableValueEscapesCodeFixProvider>;

namespace SafeCache.Analyzers.Tests.Fixes;

public class ReturnCopyTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0002");

    [Fact]
    public Task ListFromGetOrAdd_CopiedWithItsConstructor()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Tags
            {
                private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();

                // Tags of a post, parsed once.
                public static List<string> GetTags(string post) => [|s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')))|]; // shared
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Tags
            {
                private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();

                // Tags of a post, parsed once.
                public static List<string> GetTags(string post) => new List<string>(s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')))); // shared
            }
            """,
            Key);

    [Fact]
    public Task ArrayGetsToArrayAndTheLinqUsing()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            class Splitter
            {
                private readonly Dictionary<string, string[]> _parts = new();
                public string[] Split(string text)
                {
                    if (!_parts.TryGetValue(text, out var parts))
                    {
                        parts = text.Split(' ');
                        _parts[text] = parts;
                    }

                    return [|parts|];
                }
            }
            """,
            """
            using System.Collections.Generic;
            using System.Linq;
            class Splitter
            {
                private readonly Dictionary<string, string[]> _parts = new();
                public string[] Split(string text)
                {
                    if (!_parts.TryGetValue(text, out var parts))
                    {
                        parts = text.Split(' ');
                        _parts[text] = parts;
                    }

                    return parts.ToArray();
                }
            }
            """,
            Key);

    [Fact]
    public Task ArrayWithLinqAlreadyImported_NoSecondUsing()
        => Verify.VerifyFixAsync(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Linq;
            using System.Reflection;
            static class Reflection
            {
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
                public static PropertyInfo[] Properties(Type type) => [|s_properties.GetOrAdd(type, t => t.GetProperties())|];
            }
            """,
            """
            using System;
            using System.Collections.Concurrent;
            using System.Linq;
            using System.Reflection;
            static class Reflection
            {
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
                public static PropertyInfo[] Properties(Type type) => s_properties.GetOrAdd(type, t => t.GetProperties()).ToArray();
            }
            """,
            Key);

    [Fact]
    public Task DictionaryLocal_CopyKeepsTheComparer()
        => Verify.VerifyFixAsync(
            """
            using System;
            using System.Collections.Generic;
            class Headers
            {
                private static readonly Dictionary<string, Dictionary<string, string>> s_byHost = new();
                public static Dictionary<string, string> For(string host)
                {
                    if (!s_byHost.TryGetValue(host, out var headers))
                    {
                        headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Host"] = host };
                        s_byHost.Add(host, headers);
                    }

                    return [|headers|];
                }
            }
            """,
            """
            using System;
            using System.Collections.Generic;
            class Headers
            {
                private static readonly Dictionary<string, Dictionary<string, string>> s_byHost = new();
                public static Dictionary<string, string> For(string host)
                {
                    if (!s_byHost.TryGetValue(host, out var headers))
                    {
                        headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Host"] = host };
                        s_byHost.Add(host, headers);
                    }

                    return new Dictionary<string, string>(headers, headers.Comparer);
                }
            }
            """,
            Key);

    [Fact]
    public Task ComputedHashSetInExpressionBody_GoesThroughALocal()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Roles
            {
                private readonly ConcurrentDictionary<int, HashSet<string>> _roles = new();
                public HashSet<string> For(int user) => [|_roles.GetOrAdd(user, u => new HashSet<string> { "reader" })|];
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Roles
            {
                private readonly ConcurrentDictionary<int, HashSet<string>> _roles = new();
                public HashSet<string> For(int user)
                {
                    var cached = _roles.GetOrAdd(user, u => new HashSet<string> { "reader" });
                    return new HashSet<string>(cached, cached.Comparer);
                }
            }
            """,
            Key);

    [Fact]
    public Task ComputedDictionaryInReturnStatement_LocalBeforeTheReturn()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Settings
            {
                private static readonly ConcurrentDictionary<string, Dictionary<string, int>> s_sections = new();
                public IDictionary<string, int> Section(string name)
                {
                    var cached = name.Length;
                    return [|s_sections.GetOrAdd(name, n => new Dictionary<string, int> { ["k"] = 1 })|];
                }
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Settings
            {
                private static readonly ConcurrentDictionary<string, Dictionary<string, int>> s_sections = new();
                public IDictionary<string, int> Section(string name)
                {
                    var cached = name.Length;
                    var cached1 = s_sections.GetOrAdd(name, n => new Dictionary<string, int> { ["k"] = 1 });
                    return new Dictionary<string, int>(cached1, cached1.Comparer);
                }
            }
            """,
            Key);

    [Fact]
    public Task ComputedDictionaryInSwitchSectionAndEmbeddedReturn_LocalsWhereTheReturnsWere()
        => Verify.VerifyFixAllAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Settings
            {
                private static readonly ConcurrentDictionary<string, Dictionary<string, int>> s_sections = new();
                public IDictionary<string, int>? Section(string name, int kind)
                {
                    switch (kind)
                    {
                        case 0:
                            // the default section
                            return [|s_sections.GetOrAdd(name, n => new Dictionary<string, int> { ["k"] = 1 })|]; // shared
                    }

                    if (kind > 1)
                        return [|s_sections.GetOrAdd(name + kind, n => new Dictionary<string, int> { ["k"] = 1 })|];
                    return null;
                }
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Settings
            {
                private static readonly ConcurrentDictionary<string, Dictionary<string, int>> s_sections = new();
                public IDictionary<string, int>? Section(string name, int kind)
                {
                    switch (kind)
                    {
                        case 0:
                            // the default section
                            var cached = s_sections.GetOrAdd(name, n => new Dictionary<string, int> { ["k"] = 1 });
                            return new Dictionary<string, int>(cached, cached.Comparer); // shared
                    }

                    if (kind > 1)
                    {
                        var cached = s_sections.GetOrAdd(name + kind, n => new Dictionary<string, int> { ["k"] = 1 });
                        return new Dictionary<string, int>(cached, cached.Comparer);
                    }
                    return null;
                }
            }
            """,
            FixAllScope.Document,
            Key);

    [Fact]
    public Task ComputedSetInLambdaAndPropertyBodies_BecomeBlocks_TheLambdaOnItsLine()
        => Verify.VerifyFixAllAsync(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Roles
            {
                private static readonly ConcurrentDictionary<int, HashSet<string>> s_roles = new();
                public Func<int, HashSet<string>> Lookup => user => [|s_roles.GetOrAdd(user, u => new HashSet<string> { "reader" })|];
                public HashSet<string> Readers => [|s_roles.GetOrAdd(0, u => new HashSet<string> { "reader" })|];
            }
            """,
            """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Roles
            {
                private static readonly ConcurrentDictionary<int, HashSet<string>> s_roles = new();
                public Func<int, HashSet<string>> Lookup => user => { var cached = s_roles.GetOrAdd(user, u => new HashSet<string> { "reader" }); return new HashSet<string>(cached, cached.Comparer); };
                public HashSet<string> Readers
                {
                    get
                    {
                        var cached = s_roles.GetOrAdd(0, u => new HashSet<string> { "reader" });
                        return new HashSet<string>(cached, cached.Comparer);
                    }
                }
            }
            """,
            FixAllScope.Document,
            Key);

    [Fact]
    public Task LinqUsingGoesInsideTheNamespaceWhenTheUsingsAreThere()
        => Verify.VerifyFixAsync(
            """
            namespace Catalogs
            {
                using System.Collections.Concurrent;
                using System.Collections.Generic;

                class Catalog
                {
                    private static readonly ConcurrentDictionary<int, Stack<int>> s_ids = new();
                    public static Stack<int> Ids(int id) => [|s_ids.GetOrAdd(id, i => new Stack<int>(new[] { 1 }))|];
                }
            }
            """,
            """
            namespace Catalogs
            {
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Linq;

                class Catalog
                {
                    private static readonly ConcurrentDictionary<int, Stack<int>> s_ids = new();
                    public static Stack<int> Ids(int id) => new Stack<int>(s_ids.GetOrAdd(id, i => new Stack<int>(new[] { 1 })).Reverse());
                }
            }
            """,
            Key);

    [Fact]
    public Task StringBuilderAndStack()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Text;
            class Buffers
            {
                private static readonly ConcurrentDictionary<int, StringBuilder> s_text = new();
                private static readonly ConcurrentDictionary<int, Stack<int>> s_stacks = new();
                public static StringBuilder Text(int id) => [|s_text.GetOrAdd(id, _ => new StringBuilder("x"))|];
                public static Stack<int> Stack(int id) => [|s_stacks.GetOrAdd(id, _ => new Stack<int>(new[] { 1 }))|];
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            class Buffers
            {
                private static readonly ConcurrentDictionary<int, StringBuilder> s_text = new();
                private static readonly ConcurrentDictionary<int, Stack<int>> s_stacks = new();
                public static StringBuilder Text(int id) => new StringBuilder(s_text.GetOrAdd(id, _ => new StringBuilder("x")).ToString());
                public static Stack<int> Stack(int id) => new Stack<int>(s_stacks.GetOrAdd(id, _ => new Stack<int>(new[] { 1 })).Reverse());
            }
            """,
            Key);

    [Fact]
    public Task PossiblyNullValue_CopiedOnlyWhenNotNull()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            using Microsoft.Extensions.Caching.Memory;
            class Lookup
            {
                private readonly IMemoryCache _cache;
                public Lookup(IMemoryCache cache) => _cache = cache;

                public List<int>? Find(string name)
                {
                    _cache.TryGetValue(name, out List<int>? ids);
                    return [|ids|];
                }
            }
            """,
            """
            using System.Collections.Generic;
            using Microsoft.Extensions.Caching.Memory;
            class Lookup
            {
                private readonly IMemoryCache _cache;
                public Lookup(IMemoryCache cache) => _cache = cache;

                public List<int>? Find(string name)
                {
                    _cache.TryGetValue(name, out List<int>? ids);
                    return ids is null ? null : new List<int>(ids);
                }
            }
            """,
            Key);

    [Fact]
    public Task PossiblyNullRead_EvaluatedOnceThroughAPattern()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            using Microsoft.Extensions.Caching.Memory;
            class Lookup
            {
                private readonly IMemoryCache _cache;
                public Lookup(IMemoryCache cache) => _cache = cache;

                public Dictionary<string, int>? Find(string name) => [|_cache.Get<Dictionary<string, int>>(name)|];
            }
            """,
            """
            using System.Collections.Generic;
            using Microsoft.Extensions.Caching.Memory;
            class Lookup
            {
                private readonly IMemoryCache _cache;
                public Lookup(IMemoryCache cache) => _cache = cache;

                public Dictionary<string, int>? Find(string name) => _cache.Get<Dictionary<string, int>>(name) is { } cached ? new Dictionary<string, int>(cached, cached.Comparer) : null;
            }
            """,
            Key);

    [Fact]
    public Task NotOfferedForASubclassTheCopyWouldNotBe()
        => new CodeFixTest<CachedMutableValueEscapesAnalyzer, CachedMutableValueEscapesCodeFixProvider>
        {
            Sources = { Subclass },
            FixedSources = { Subclass },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Solution)]
    public Task FixAll_CopiesEveryReturnAndAddsOneUsing(FixAllScope scope)
        => Verify.VerifyFixAllAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Catalog
            {
                private static readonly ConcurrentDictionary<int, int[]> s_ids = new();
                private static readonly ConcurrentDictionary<int, List<string>> s_names = new();
                public static int[] Ids(int id) => [|s_ids.GetOrAdd(id, i => new int[i])|];
                public static int[] MoreIds(int id) => [|s_ids.GetOrAdd(id + 1, i => new int[i])|];
                public static IList<string> Names(int id) => [|s_names.GetOrAdd(id, i => new List<string> { "name" })|];
                public static System.Func<int, List<string>> Getter() => id => [|s_names.GetOrAdd(id, i => new List<string> { "name" })|];
            }
            """,
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            class Catalog
            {
                private static readonly ConcurrentDictionary<int, int[]> s_ids = new();
                private static readonly ConcurrentDictionary<int, List<string>> s_names = new();
                public static int[] Ids(int id) => s_ids.GetOrAdd(id, i => new int[i]).ToArray();
                public static int[] MoreIds(int id) => s_ids.GetOrAdd(id + 1, i => new int[i]).ToArray();
                public static IList<string> Names(int id) => new List<string>(s_names.GetOrAdd(id, i => new List<string> { "name" }));
                public static System.Func<int, List<string>> Getter() => id => new List<string>(s_names.GetOrAdd(id, i => new List<string> { "name" }));
            }
            """,
            scope,
            Key);

    private const string Subclass = """
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        class Names : List<string> { }
        class Service
        {
            private static readonly ConcurrentDictionary<int, Names> s_names = new();
            public static Names Get(int id) => [|s_names.GetOrAdd(id, i => new Names { "n" + i })|];
        }
        """;
}
