using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.CachedMutableValueEscapesAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

public class CachedMutableValueEscapesTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        """;

    // ---- What to flag ----

    [Fact]
    public Task GetOrAdd_ListReturned_MessageNamesMemberTypeAndCache()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Tags
            {
                private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();
                public static List<string> GetTags(string post) => s_tags.GetOrAdd(post, p => p.Split(',').ToList());
            }
            static class Ext { public static List<string> ToList(this string[] a) => new(a); }
            """,
            Verify.Diagnostic().WithSpan(6, 56, 6, 105)
                .WithMessage("'GetTags' returns the List<string> stored in cache 's_tags': a caller that changes it changes the cache for every later caller"));

    [Fact]
    public Task TryGetValue_OutValueReturned_AndMissPathReturnsTheStoredLocal()
        => Verify.VerifyAsync(Usings + """
            class Names
            {
                private static readonly Dictionary<Type, List<string>> s_names = new();
                public static List<string> PropertyNames(Type type)
                {
                    if (s_names.TryGetValue(type, out var names))
                    {
                        return [|names|];
                    }

                    names = type.GetProperties().Select(p => p.Name).ToList();
                    s_names[type] = names;
                    return [|names|];
                }
            }
            """);

    [Fact]
    public Task HitPathCopies_MissPathReturnsTheStoredList()
        => Verify.VerifyAsync(Usings + """
            class Names
            {
                private static readonly Dictionary<Type, List<string>> s_names = new();
                public static List<string> PropertyNames(Type type)
                {
                    if (s_names.TryGetValue(type, out var cached))
                    {
                        return new List<string>(cached);
                    }

                    var names = type.GetProperties().Select(p => p.Name).ToList();
                    s_names.Add(type, names);
                    return [|names|];
                }
            }
            """);

    [Fact]
    public Task MissPathThroughAnAlias()
        => Verify.VerifyAsync(Usings + """
            class Names
            {
                private readonly Dictionary<string, string[]> _parts = new();
                public string[] Split(string text)
                {
                    if (!_parts.TryGetValue(text, out var parts))
                    {
                        var built = text.Split(' ');
                        var result = built;
                        _parts[text] = built;
                        return [|result|];
                    }

                    return [|parts|];
                }
            }
            """);

    [Fact]
    public Task IndexerReadAfterContainsKeyMemo()
        => Verify.VerifyAsync(Usings + """
            class Lookup
            {
                private static readonly Dictionary<int, HashSet<int>> s_divisors = new();
                public static HashSet<int> Divisors(int n)
                {
                    if (!s_divisors.ContainsKey(n))
                    {
                        s_divisors[n] = new HashSet<int>(Enumerable.Range(1, n).Where(d => n % d == 0));
                    }

                    return [|s_divisors[n]|];
                }
            }
            """);

    [Fact]
    public Task ArrayFromReflectionCache()
        => Verify.VerifyAsync(Usings + """
            using System.Reflection;
            static class Reflection
            {
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
                public static PropertyInfo[] Properties(Type type) => [|s_properties.GetOrAdd(type, t => t.GetProperties())|];
            }
            """);

    [Theory]
    [InlineData("IList<string>")]
    [InlineData("ICollection<string>")]
    [InlineData("object")]
    public Task DeclaredTypeThatExposesMutation(string returnType)
        => Verify.VerifyAsync(Usings + $$"""
            class Service
            {
                private readonly ConcurrentDictionary<int, List<string>> _cache = new();
                public {{returnType}} Get(int id) => [|_cache.GetOrAdd(id, i => new List<string> { i.ToString() })|];
            }
            """);

    [Fact]
    public Task DictionaryThroughIDictionary_PropertyGetter()
        => Verify.VerifyAsync(Usings + """
            class Settings
            {
                private static readonly ConcurrentDictionary<string, Dictionary<string, string>> s_sections = new();
                private readonly string _name = "main";
                public IDictionary<string, string> Section => [|s_sections.GetOrAdd(_name, n => new Dictionary<string, string> { ["name"] = n })|];
            }
            """);

    [Fact]
    public Task MemoryCacheGetOrCreateAndCastGet()
        => Verify.VerifyAsync(Usings + """
            using Microsoft.Extensions.Caching.Memory;
            class Catalog
            {
                private readonly IMemoryCache _cache;
                public Catalog(IMemoryCache cache) => _cache = cache;
                public List<int> Ids(string category) => [|_cache.GetOrCreate(category, e => new List<int> { 1, 2 })!|];
                public List<int> Cached(string category) => [|(List<int>)_cache.Get(category)!|];
                public List<int>? Typed(string category) => [|_cache.Get<List<int>>(category)|];
            }
            """);

    [Fact]
    public Task MemoryCacheTryGetValueAndSet()
        => Verify.VerifyAsync(Usings + """
            using Microsoft.Extensions.Caching.Memory;
            class Catalog
            {
                private readonly IMemoryCache _cache = new MemoryCache(new MemoryCacheOptions());
                public List<int> Ids(string category)
                {
                    if (_cache.TryGetValue(category, out List<int>? ids) && ids is not null)
                    {
                        return [|ids|];
                    }

                    return [|_cache.Set(category, new List<int> { 1 })|];
                }
            }
            """);

    [Fact]
    public Task MemoryCacheGetOrCreateAsyncAwaited()
        => Verify.VerifyAsync(Usings + """
            using Microsoft.Extensions.Caching.Memory;
            class Catalog
            {
                private readonly IMemoryCache _cache = new MemoryCache(new MemoryCacheOptions());
                public async Task<List<int>> IdsAsync(string category)
                    => [|await _cache.GetOrCreateAsync(category, e => Task.FromResult(new List<int>())) ?? new List<int>()|];
            }
            """);

    [Fact]
    public Task LruCacheAndWeakLruCacheReads()
        => Verify.VerifyAsync(Usings + """
            using SafeCache;
            class Parser
            {
                private static readonly LruCache<string, List<string>> s_tokens = new(128);
                private static readonly WeakLruCache<Parser, string, int[]> s_offsets = new(128);
                public static List<string> Tokens(string text) => [|s_tokens.GetOrAdd(text, t => t.Split(' ').ToList())|];
                public int[] Offsets(string text) => [|s_offsets.GetOrAdd(this, text, (o, t) => new int[t.Length])|];
                public static List<string>? Peek(string text) => [|s_tokens.TryGetValue(text, out var tokens) ? tokens : null|];
            }
            """);

    [Fact]
    public Task LambdaAndLocalFunctionReturns()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                public Func<int, List<int>> Getter() => id => [|s_cache.GetOrAdd(id, i => new List<int> { i })|];
                public List<int> ViaLocal(int id)
                {
                    return Local(id);
                    List<int> Local(int key) => [|s_cache.GetOrAdd(key, i => new List<int> { i })|];
                }
            }
            """);

    [Fact]
    public Task ConditionalAndCoalesceReturns()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly Dictionary<int, List<int>> s_cache = new();
                public static List<int> Get(int id) => [|s_cache.TryGetValue(id, out var hit) ? hit : s_cache[id] = new List<int> { id }|];
                public static List<int> Lazy(int id) => [|s_cache[id] ??= new List<int>()|];
            }
            """);

    [Fact]
    public Task PatternLocalFromMemoryCache()
        => Verify.VerifyAsync(Usings + """
            using Microsoft.Extensions.Caching.Memory;
            class Catalog
            {
                private static readonly MemoryCache s_cache = new(new MemoryCacheOptions());
                public static List<int> Get(string key)
                {
                    if (s_cache.Get(key) is List<int> list)
                    {
                        return [|list|];
                    }

                    return new List<int>();
                }
            }
            """);

    [Fact]
    public Task StringBuilderAndOtherCollections()
        => Verify.VerifyAsync(Usings + """
            using System.Text;
            using System.Collections.ObjectModel;
            class Service
            {
                private static readonly ConcurrentDictionary<int, StringBuilder> s_builders = new();
                private static readonly ConcurrentDictionary<int, Queue<int>> s_queues = new();
                private static readonly ConcurrentDictionary<int, ObservableCollection<int>> s_items = new();
                public static StringBuilder Builder(int id) => [|s_builders.GetOrAdd(id, _ => new StringBuilder("#" + id))|];
                public static Queue<int> Queue(int id) => [|s_queues.GetOrAdd(id, _ => new Queue<int>(new[] { id }))|];
                public static ObservableCollection<int> Items(int id) => [|s_items.GetOrAdd(id, _ => new ObservableCollection<int>(Enumerable.Range(0, id)))|];
            }
            """);

    [Fact]
    public Task PerInstanceCacheIsFlaggedToo()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private readonly Dictionary<string, List<string>> _byPrefix = new();
                public List<string> Matches(string prefix)
                {
                    if (!_byPrefix.TryGetValue(prefix, out var matches))
                    {
                        matches = new List<string> { prefix };
                        _byPrefix.Add(prefix, matches);
                    }

                    return [|matches|];
                }
            }
            """);

    [Fact]
    public Task MutableClassesOnlyWithTheOption()
        => new AnalyzerTest<CachedMutableValueEscapesAnalyzer>
        {
            Sources =
            {
                Usings + """
                class Options { public int Retries { get; set; } }
                class Service
                {
                    private static readonly ConcurrentDictionary<string, Options> s_options = new();
                    public static Options For(string name) => [|s_options.GetOrAdd(name, n => new Options { Retries = n.Length })|];
                }
                """,
            },
            EditorConfig = "safecache.SC0002.mutable_classes = true",
        }.RunAsync();

    [Fact]
    public Task PrivateHelperWhoseCallerKeepsTheResultIsFlagged()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                private static List<int> Load(int id) => [|s_cache.GetOrAdd(id, i => new List<int> { i })|];
                public static void Use(int id) => Load(id).Add(42);
            }
            """);

    // ---- What not to flag ----

    [Fact]
    public Task MutableClassesAreNotReportedByDefault()
        => Verify.VerifyAsync(Usings + """
            class Options { public int Retries { get; set; } }
            class Service
            {
                private static readonly ConcurrentDictionary<string, Options> s_options = new();
                public static Options For(string name) => s_options.GetOrAdd(name, n => new Options { Retries = n.Length });
            }
            """);

    [Fact]
    public Task ImmutableFrozenAndReadOnlyValues()
        => Verify.VerifyAsync(Usings + """
            using System.Collections.Frozen;
            using System.Collections.Immutable;
            using System.Collections.ObjectModel;
            record Point(int X, int Y);
            class Service
            {
                private static readonly ConcurrentDictionary<int, string> s_names = new();
                private static readonly ConcurrentDictionary<int, ImmutableArray<int>> s_arrays = new();
                private static readonly ConcurrentDictionary<int, ImmutableList<int>> s_lists = new();
                private static readonly ConcurrentDictionary<int, FrozenDictionary<string, int>> s_frozen = new();
                private static readonly ConcurrentDictionary<int, FrozenSet<int>> s_sets = new();
                private static readonly ConcurrentDictionary<int, ReadOnlyCollection<int>> s_readOnly = new();
                private static readonly ConcurrentDictionary<int, ReadOnlyDictionary<int, int>> s_readOnlyMaps = new();
                private static readonly ConcurrentDictionary<int, Point> s_points = new();
                private static readonly ConcurrentDictionary<int, (int, string)> s_pairs = new();
                public static string Name(int id) => s_names.GetOrAdd(id, i => i.ToString());
                public static ImmutableArray<int> Array(int id) => s_arrays.GetOrAdd(id, i => ImmutableArray.Create(i));
                public static ImmutableList<int> List(int id) => s_lists.GetOrAdd(id, i => ImmutableList.Create(i));
                public static FrozenDictionary<string, int> Frozen(int id) => s_frozen.GetOrAdd(id, i => new Dictionary<string, int>().ToFrozenDictionary());
                public static FrozenSet<int> Set(int id) => s_sets.GetOrAdd(id, i => new[] { i }.ToFrozenSet());
                public static ReadOnlyCollection<int> ReadOnly(int id) => s_readOnly.GetOrAdd(id, i => new List<int> { i }.AsReadOnly());
                public static IList<int> ReadOnlyAsIList(int id) => s_readOnly.GetOrAdd(id, i => new List<int> { i }.AsReadOnly());
                public static ReadOnlyDictionary<int, int> Map(int id) => s_readOnlyMaps.GetOrAdd(id, i => new ReadOnlyDictionary<int, int>(new Dictionary<int, int>()));
                public static Point Point(int id) => s_points.GetOrAdd(id, i => new Point(i, i));
                public static (int, string) Pair(int id) => s_pairs.GetOrAdd(id, i => (i, ""));
            }
            """);

    [Fact]
    public Task ReturnedAsReadOnlyViews()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_lists = new();
                private static readonly ConcurrentDictionary<int, Dictionary<int, int>> s_maps = new();
                public static IEnumerable<int> A(int id) => s_lists.GetOrAdd(id, i => new List<int> { i });
                public static IReadOnlyList<int> B(int id) => s_lists.GetOrAdd(id, i => new List<int> { i });
                public static IReadOnlyCollection<int> C(int id) => s_lists.GetOrAdd(id, i => new List<int> { i });
                public static IReadOnlyDictionary<int, int> D(int id) => s_maps.GetOrAdd(id, i => new Dictionary<int, int> { [i] = i });
            }
            """);

    [Fact]
    public Task CopiesBeforeReturn()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_lists = new();
                private static readonly ConcurrentDictionary<int, int[]> s_arrays = new();
                public static List<int> A(int id) => s_lists.GetOrAdd(id, i => new List<int> { i }).ToList();
                public static List<int> B(int id) => new List<int>(s_lists.GetOrAdd(id, i => new List<int> { i }));
                public static int[] C(int id) => s_arrays.GetOrAdd(id, i => new int[i]).ToArray();
                public static int[] D(int id) => (int[])s_arrays.GetOrAdd(id, i => new int[i]).Clone();
                public static List<int> E(int id) => [.. s_lists.GetOrAdd(id, i => new List<int> { i })];
                public static List<int> F(int id)
                {
                    var cached = s_lists.GetOrAdd(id, i => new List<int> { i });
                    var copy = cached.ToList();
                    return copy;
                }
            }
            """);

    [Fact]
    public Task ReadButNotReturned()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_lists = new();
                public static int Count(int id) => s_lists.GetOrAdd(id, i => new List<int> { i }).Count;
                public static List<int> Fresh(int id)
                {
                    var result = new List<int>();
                    foreach (var item in s_lists.GetOrAdd(id, i => new List<int> { i }))
                    {
                        result.Add(item);
                    }

                    return result;
                }
            }
            """);

    [Fact]
    public Task PerKeyPoolsAndRegistriesOfEmptyContainers_AreNotMemoCaches()
        => Verify.VerifyAsync(Usings + """
            public static class Pools
            {
                private static readonly ConcurrentDictionary<string, ConcurrentBag<byte[]>> s_pools = new();
                private static readonly ConcurrentDictionary<Type, Dictionary<string, object>> s_handlers = new();
                private static readonly Dictionary<string, List<string>> s_subscribers = new();
                private static readonly ConcurrentDictionary<int, Queue<int>> s_queues = new();

                // Handed out to be rented from and returned to: the bag is shared state by design.
                public static ConcurrentBag<byte[]> PoolFor(string size) => s_pools.GetOrAdd(size, _ => new());
                public static void Return(string size, byte[] buffer) => PoolFor(size).Add(buffer);

                public static Dictionary<string, object> HandlersOf(Type type) => s_handlers.GetOrAdd(type, _ => new Dictionary<string, object>());

                public static List<string> SubscribersOf(string topic)
                {
                    if (!s_subscribers.TryGetValue(topic, out var list))
                    {
                        s_subscribers[topic] = list = new List<string>();
                    }

                    return list;
                }

                public static Queue<int> QueueFor(int id) => s_queues.GetOrAdd(id, static _ => new Queue<int>(capacity: 16));
            }
            """);

    [Fact]
    public Task FactoriesThatFillTheContainer_AreStillMemoCaches()
        => Verify.VerifyAsync(Usings + """
            public static class Lookups
            {
                private static readonly ConcurrentDictionary<Type, List<string>> s_names = new();
                private static readonly ConcurrentDictionary<string, List<int>> s_codes = new();
                private static readonly ConcurrentDictionary<string, HashSet<char>> s_letters = new();

                public static List<string> Names(Type type) => [|s_names.GetOrAdd(type, t =>
                {
                    var names = new List<string>();
                    foreach (var property in t.GetProperties())
                    {
                        names.Add(property.Name);
                    }

                    return names;
                })|];

                public static List<int> Codes(string key) => [|s_codes.GetOrAdd(key, k => new List<int> { k.Length, k[0] })|];

                public static HashSet<char> Letters(string word) => [|s_letters.GetOrAdd(word, w => new HashSet<char>(w))|];
            }
            """);

    [Fact]
    public Task IndexDictionaryFilledOnceIsNotACache()
        => Verify.VerifyAsync(Usings + """
            class Handlers
            {
                private static readonly Dictionary<string, List<Action>> s_handlers = new()
                {
                    ["start"] = new List<Action>(),
                };

                public static void Register(string name, List<Action> handlers) => s_handlers[name] = handlers;
                public static List<Action> For(string name) => s_handlers[name];
                public static List<Action>? Find(string name) => s_handlers.TryGetValue(name, out var found) ? found : null;
            }
            """);

    [Fact]
    public Task PrivateHelperWhoseCallersOnlyRead()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                private static List<int> Load(int id) => s_cache.GetOrAdd(id, i => new List<int> { i });
                public static int Sum(int id)
                {
                    var total = 0;
                    foreach (var x in Load(id)) total += x;
                    return total + Load(id).Count + Load(id)[0];
                }
                public static string Text(int id) => string.Join(",", Load(id));
                public static bool Any(int id)
                {
                    var items = Load(id);
                    return items.Any() && items.Count > 1;
                }
            }
            """);

    [Fact]
    public Task PrivateHelperWhoseCallersOnlySearchIt_IsNotFlagged_ButOneThatRemovesIs()
        => Verify.VerifyAsync(Usings + """
            class Roles
            {
                private static readonly ConcurrentDictionary<string, List<string>> s_roles = new();
                private static readonly ConcurrentDictionary<string, Dictionary<string, int>> s_ranks = new();
                private static readonly ConcurrentDictionary<string, List<string>> s_pending = new();
                private static List<string> For(string user) => s_roles.GetOrAdd(user, u => new List<string> { u + ":reader" });
                private static IList<string> Listed(string user) => s_roles.GetOrAdd(user, u => new List<string> { u + ":reader" });
                private static Dictionary<string, int> Ranks(string user) => s_ranks.GetOrAdd(user, u => new Dictionary<string, int> { [u] = 1 });
                private static List<string> Pending(string user) => {|#0:s_pending.GetOrAdd(user, u => new List<string> { u })|};
                public static bool IsAdmin(string user) => For(user).Contains("admin") || For(user).Exists(r => r.StartsWith("root"));
                public static int Position(string user, string role) => For(user).IndexOf(role) + Listed(user).IndexOf(role) + (Listed(user).Contains(role) ? 1 : 0);
                public static bool Ranked(string user) => Ranks(user).ContainsKey("admin") || Ranks(user).ContainsValue(3);
                public static bool Done(string user, string item) => Pending(user).Remove(item);
            }
            """, Verify.Diagnostic().WithLocation(0).WithArguments("'Pending'", "List<string>", "s_pending"));

    [Fact]
    public Task PrivateHelperCalledWithAnArgumentOfAnUnresolvedType_IsJudgedByWhatTheCallerDoes()
        => Verify.VerifyAsync(Usings + """
            class Interceptor
            {
                private static readonly ConcurrentDictionary<Type, object[]> s_attributes = new();
                private static readonly ConcurrentDictionary<Type, List<string>> s_names = new();
                private static object[] Attributes(Type type) => s_attributes.GetOrAdd(type, t => t.GetCustomAttributes(true));
                private static List<string> Names(Type type) => {|#0:s_names.GetOrAdd(type, t => new List<string> { t.Name })|};
                public static bool IsObsolete({|CS0246:Invocation|} invocation)
                {
                    var target = invocation.TargetType;
                    return Attributes(target).FirstOrDefault(a => a is ObsoleteAttribute) is not null;
                }
                public static void Tag({|CS0246:Invocation|} invocation)
                {
                    var target = invocation.TargetType;
                    Names(target).Add("seen");
                }
            }
            """, Verify.Diagnostic().WithLocation(0).WithArguments("'Names'", "List<string>", "s_names"));

    [Fact]
    public Task PrivateHelpersReadThroughAConditionalOrCoalesce_AreNotFlagged_UnlessTheResultIsChanged()
        => Verify.VerifyAsync(Usings + """
            class Attributes
            {
                private static readonly ConcurrentDictionary<Type, Attribute[]> s_inherited = new();
                private static readonly ConcurrentDictionary<Type, Attribute[]> s_declared = new();
                private static readonly ConcurrentDictionary<Type, List<string>> s_names = new();
                private static readonly ConcurrentDictionary<Type, List<string>> s_tags = new();
                private static Attribute[] Inherited(Type t) => s_inherited.GetOrAdd(t, x => Attribute.GetCustomAttributes(x, true));
                private static Attribute[] Declared(Type t) => s_declared.GetOrAdd(t, x => Attribute.GetCustomAttributes(x, false));
                private static List<string>? Names(Type t) => s_names.TryGetValue(t, out var n) ? n : null;
                private static List<string> Tags(Type t) => {|#0:s_tags.GetOrAdd(t, x => new List<string> { x.Name })|};
                public static int Count(Type type, bool inherit)
                {
                    var attrs = inherit ? Inherited(type) : Declared(type);
                    var n = 0;
                    foreach (var a in attrs) n++;
                    return n + (Names(type) ?? new List<string>()).Count;
                }
                public static bool HasSecond(Type type) => Inherited(type)[1] != null && Declared(type)[0] is ObsoleteAttribute;
                public static void Tag(Type type, bool extra)
                {
                    var tags = extra ? Tags(type) : new List<string>();
                    tags.Add("seen");
                }
            }
            """, Verify.Diagnostic().WithLocation(0).WithArguments("'Tags'", "List<string>", "s_tags"));

    [Fact]
    public Task LambdaReturningACachedValue_IsFlagged_ButAnUpdateFactoryOfTheCacheIsNot()
        => Verify.VerifyAsync(Usings + """
            public static class Registry
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                private static readonly ConcurrentDictionary<string, List<string>> s_loaded = new();
                public static Func<List<int>> Getter(int id) => () => {|#0:s_cache.GetOrAdd(id, i => new List<int> { i })|};
                public static bool Load(string name)
                {
                    var loaded = new List<string> { name };
                    return s_loaded.AddOrUpdate(name, loaded, (_, __) => loaded) != null;
                }
                public static List<string> Names(string name) => {|#1:s_loaded.GetOrAdd(name, n => new List<string> { n })|};
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("A lambda in 'Getter'", "List<int>", "s_cache"),
            Verify.Diagnostic().WithLocation(1).WithArguments("'Names'", "List<string>", "s_loaded"));

    [Fact]
    public Task InternalHelperWhoseCallersInOtherTypesOnlyRead_IsNotFlagged()
        => Verify.VerifyAsync(Usings + """
            using System.Reflection;
            internal static class TypeUtil
            {
                private static readonly Dictionary<Type, MethodInfo[]> s_methods = new();
                private static readonly ConcurrentDictionary<Type, List<MethodInfo>> s_operators = new();
                internal static MethodInfo[] GetAllInstanceMethods(this Type type)
                {
                    lock (s_methods)
                    {
                        if (!s_methods.TryGetValue(type, out var methods))
                        {
                            methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance);
                            s_methods.Add(type, methods);
                        }
                        return methods;
                    }
                }
                public static List<MethodInfo> Operators(Type type) => s_operators.GetOrAdd(type, t => new List<MethodInfo>(t.GetMethods()));
            }
            public class Collector
            {
                public int Count(Type type)
                {
                    var found = type.GetAllInstanceMethods();
                    var n = 0;
                    foreach (var method in found) n += method.Name.Length;
                    return n + type.GetAllInstanceMethods().Length;
                }
            }
            class Resolver
            {
                public MethodInfo? Find(Type left, Type right)
                    => TypeUtil.Operators(left).Concat(TypeUtil.Operators(right)).FirstOrDefault(m => m.Name == "op_Addition");
                public bool Has(Type type)
                {
                    foreach (var m in TypeUtil.Operators(type)) if (m.IsStatic) return true;
                    return false;
                }
                public int Later(Type type, bool both)
                {
                    List<MethodInfo> found;
                    found = TypeUtil.Operators(type);
                    return both ? found.Count + 1 : found.Count;
                }
            }
            """);

    [Fact]
    public Task InternalHelper_WhenSomeUseMayChangeTheResult_IsFlagged()
        => Verify.VerifyAsync(Usings + """
            using System.Reflection;
            internal static class TypeUtil
            {
                private static readonly ConcurrentDictionary<Type, MethodInfo[]> s_methods = new();
                private static readonly ConcurrentDictionary<Type, List<string>> s_names = new();
                private static readonly ConcurrentDictionary<Type, List<string>> s_unused = new();
                private static readonly ConcurrentDictionary<Type, List<string>> s_delegated = new();
                internal static MethodInfo[] Methods(Type type) => {|SC0002:s_methods.GetOrAdd(type, t => t.GetMethods())|};
                internal static List<string> Names(Type type) => {|SC0002:s_names.GetOrAdd(type, t => new List<string> { t.Name })|};
                internal static List<string> Unused(Type type) => {|SC0002:s_unused.GetOrAdd(type, t => new List<string> { t.Name })|};
                internal static List<string> Delegated(Type type) => {|SC0002:s_delegated.GetOrAdd(type, t => new List<string> { t.Name })|};
            }
            class Sorter
            {
                private MethodInfo[]? _last;
                public void Sort(Type type) => Array.Sort(TypeUtil.Methods(type), (a, b) => string.CompareOrdinal(a.Name, b.Name));
                public void Keep(Type type) => _last = TypeUtil.Methods(type);
                public void KeepViaLocal(Type type)
                {
                    MethodInfo[] methods;
                    methods = TypeUtil.Methods(type);
                    _last = methods;
                }
                public int Read(Type type) => TypeUtil.Methods(type).Length;
                public void Hide(Type type)
                {
                    var names = TypeUtil.Names(type);
                    names.Remove("Secret");
                }
                public Func<Type, List<string>> Getter() => TypeUtil.Delegated;
            }
            """);

    [Fact]
    public Task PublicApiReturningACachedArray_IsFlaggedWhateverItsCallersInTheCompilationDo()
        => Verify.VerifyAsync(Usings + """
            public static class Tables
            {
                private static readonly ConcurrentDictionary<double, float[]> s_tables = new();
                public static float[] Table(double gamma) => {|SC0002:s_tables.GetOrAdd(gamma, g => new float[] { (float)g })|};
                internal static float First(double gamma) => Table(gamma)[0];
            }
            """);

    [Fact]
    public Task ValueTypesAndTypeParametersAreNotReported()
        => Verify.VerifyAsync(Usings + """
            struct Stats { public int Hits; public string Name; }
            class Service<T>
            {
                private static readonly ConcurrentDictionary<int, Stats> s_stats = new();
                private static readonly ConcurrentDictionary<int, T> s_values = new();
                public static Stats Get(int id) => s_stats.GetOrAdd(id, i => new Stats { Hits = i });
                public static T Value(int id, Func<int, T> make) => s_values.GetOrAdd(id, make);
                public static object Boxed(int id) => s_stats.GetOrAdd(id, i => new Stats { Hits = i });
            }
            """);

    [Fact]
    public Task TaskOfListAndYieldAreNotReturnsOfTheValue()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, Task<List<int>>> s_loads = new();
                private static readonly ConcurrentDictionary<int, List<int>> s_lists = new();
                public static Task<List<int>> Load(int id) => s_loads.GetOrAdd(id, i => Task.FromResult(new List<int>()));
                public static IEnumerable<int> Items(int id)
                {
                    foreach (var item in s_lists.GetOrAdd(id, i => new List<int> { i }))
                    {
                        yield return item;
                    }
                }
            }
            """);

    [Fact]
    public Task LocalReplacedByACopyBeforeTheReturn()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                public static List<int> Get(int id)
                {
                    var result = s_cache.GetOrAdd(id, i => new List<int> { i });
                    result = new List<int>(result);
                    return result;
                }
            }
            """);

    [Fact]
    public Task LocalReplacedOnlyOnOnePathIsStillFlagged()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                public static List<int> Get(int id, bool copy)
                {
                    var result = s_cache.GetOrAdd(id, i => new List<int> { i });
                    if (copy)
                    {
                        result = new List<int>(result);
                    }

                    return [|result|];
                }
            }
            """);

    [Fact]
    public Task LocalFunctionWhoseCallersOnlyReadIsNotFlagged()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                public static int Count(int id)
                {
                    return Load(id).Count;
                    List<int> Load(int key) => s_cache.GetOrAdd(key, i => new List<int> { i });
                }
            }
            """);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => new AnalyzerTest<CachedMutableValueEscapesAnalyzer>
        {
            Sources =
            {
                Usings + """
                class Service
                {
                    private static readonly ConcurrentDictionary<int, List<Missing>> s_cache = new();
                    public static List<Missing> Get(int id) => s_cache.GetOrAdd(id, i => new List<Missing>(
                    public static Unknown Other(int id) => s_unknown[id];
                }
                """,
            },
            CompileBeforeAnalysis = false,
        }.RunAsync();

    // ---- Memo caches across types (an internal static cache class used by a service) ----

    [Fact]
    public Task MemoWriteInAnotherType_MakesTheReturnedDictionaryACache()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            internal static class ColumnCache
            {
                internal static readonly Dictionary<Type, List<string>> Columns = new();
                internal static readonly ConcurrentDictionary<string, string[]> Tags = new();
                internal static void Warm(Type type)
                {
                    lock (Columns)
                    {
                        if (!Columns.ContainsKey(type))
                        {
                            Columns[type] = type.GetProperties().Select(p => p.Name).ToList();
                        }
                    }
                }
                internal static string[] TagsOf(string name) => {|#2:Tags.GetOrAdd(name, n => n.Split(','))|};
            }
            public sealed class Mapper
            {
                public List<string> ColumnsOf(Type type)
                {
                    ColumnCache.Warm(type);
                    lock (ColumnCache.Columns) return {|#0:ColumnCache.Columns[type]|};
                }
                public string[] Tags(string name) => {|#1:ColumnCache.Tags.TryGetValue(name, out var tags) ? tags : Array.Empty<string>()|};
            }
            """,
            Verify.Diagnostic().WithLocation(2).WithArguments("'TagsOf'", "string[]", "Tags"),
            Verify.Diagnostic().WithLocation(0).WithArguments("'ColumnsOf'", "List<string>", "Columns"),
            Verify.Diagnostic().WithLocation(1).WithArguments("'Tags'", "string[]", "Tags"));

    [Fact]
    public Task DictionaryFilledByAnotherTypeWithoutMemoWrites_IsAnIndex()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            internal static class Routes
            {
                internal static readonly Dictionary<string, List<string>> ByArea = new();
                internal static void Register(string area, List<string> routes) => ByArea[area] = routes;
            }
            public sealed class Router
            {
                public List<string> For(string area) => Routes.ByArea.TryGetValue(area, out var routes) ? routes : new List<string>();
                public List<string> Copy(string area) => new List<string>(Routes.ByArea[area]);
            }
            """);
}

