using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheCapturesInstanceAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

public class SharedCacheCapturesInstanceTests
{
    // ---- What to flag: 1. the key holds 'this' ----

    [Fact]
    public Task TupleKeyWithThis_IndexerWrite()
        => Verify.VerifyAsync("""
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
            """);

    [Fact]
    public Task MessageNamesCacheTypeAndMember()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class ReportBuilder
            {
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_cache = new();
                public string Build(int year) => s_cache.GetOrAdd((this, year), y => y.Item2.ToString());
            }
            """,
            Verify.Diagnostic().WithSpan(5, 38, 5, 93)
                .WithMessage("Static cache 's_cache' stores 'this' in its key: every 'ReportBuilder' that calls 'Build' stays alive as long as the cache"));

    [Fact]
    public Task ThisAsKey_TryAdd()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Session
            {
                private static readonly ConcurrentDictionary<Session, int> s_ids = new();
                public void Register(int id) => [|s_ids.TryAdd(this, id)|];
            }
            """);

    [Fact]
    public Task AnonymousObjectKey()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Pricing
            {
                private static readonly Dictionary<object, decimal> s_prices = new();
                public void Remember(string sku, decimal price) => [|s_prices[new { Owner = this, sku }] = price|];
            }
            """);

    [Fact]
    public Task KeyObjectCreatedWithThis()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            record Key(object Owner, int Id);
            class Pricing
            {
                private static readonly Dictionary<Key, decimal> s_prices = new();
                public void Remember(int id, decimal price) => [|s_prices.Add(new Key(this, id), price)|];
            }
            """);

    [Fact]
    public Task TupleCreateKey()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Pricing
            {
                private static readonly ConcurrentDictionary<Tuple<Pricing, int>, decimal> s_prices = new();
                public decimal Price(int id) => [|s_prices.GetOrAdd(Tuple.Create(this, id), k => k.Item2 * 2m)|];
            }
            """);

    // ---- 2. the stored value holds 'this' ----

    [Fact]
    public Task ThisAsValue()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Plugin
            {
                private static readonly Dictionary<string, Plugin> s_byName = new();
                public void Register(string name) => [|s_byName[name] = this|];
            }
            """);

    [Fact]
    public Task ObjectCreatedWithThisAsValue()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Handle { public Handle(object owner) => Owner = owner; public object Owner { get; } }
            class Plugin
            {
                private static readonly Dictionary<string, Handle> s_handles = new();
                public void Register(string name) => [|s_handles.Add(name, new Handle(this))|];
            }
            """);

    [Fact]
    public Task ObjectCreatedWithThis_WhoseConstructorKeepsItThroughItsBase_IsFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Node { public Node(object? parent) { Parent = parent ?? throw new ArgumentNullException(nameof(parent)); } public object Parent { get; } }
            class Leaf : Node { public Leaf(object parent, string name) : base(parent) { Name = name; } public string Name { get; } }
            class Listener { private readonly List<object> _owners = new(); public Listener(object owner) { if (owner is null) return; _owners.Add(owner); } }
            class Tagged { public Tagged(object owner) { Handler = () => owner.ToString(); } public Func<string?> Handler { get; } }
            class Tree
            {
                private static readonly Dictionary<string, object> s_nodes = new();
                public void A(string name) => [|s_nodes[name] = new Leaf(this, name)|];
                public void B(string name) => [|s_nodes[name] = new Listener(this)|];
                public void C(string name) => [|s_nodes[name] = new Tagged(this)|];
                public void D(string name) => [|s_nodes[name] = Tuple.Create(name, new Leaf(this, name))|];
                public void E(string name) => [|s_nodes[name] = new Tuple<object>(this)|];
                public void F(string name) => [|s_nodes[name] = new Holder(this)|];
                public void G(string name) => [|s_nodes[name] = new Derived(this)|];
                public void H(string name) => [|s_nodes[name] = new Pair(this, name)|];
            }

            class Holder(object owner) { public object Owner => owner; }
            class Derived(object owner) : Node(owner);
            record Pair(object Owner, string Name);
            """);

    [Fact]
    public Task ObjectCreatedWithThis_WhoseConstructorOnlyReadsIt_IsNotFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Settings
            {
                protected Settings(Settings? copyFrom)
                {
                    if (copyFrom is null) return;
                    Name = copyFrom.Name;
                    Items = new List<string>(copyFrom.Items);
                    copyFrom.Describe(this);
                }

                public Settings() : this(null) { }
                public string Name { get; set; } = "";
                public List<string> Items { get; } = new();
                public void Describe(Settings other) { }
            }

            sealed class CachedSettings : Settings
            {
                private static readonly Dictionary<string, Settings> s_cache = new();
                private CachedSettings(CachedSettings original, bool frozen) : base(original) => Frozen = frozen;
                public CachedSettings() { }
                public bool Frozen { get; }
                public void Save() => s_cache[Name] = new CachedSettings(this, true);
                public void Snapshot(string key) => s_cache[key] = new Summary(this);
            }

            sealed class Summary : Settings
            {
                public Summary(Settings source) { Count = source?.Items.Count ?? 0; Title = source!.Name.ToUpperInvariant(); }
                public int Count { get; }
                public string Title { get; }
            }
            """);

    [Fact]
    public Task LambdaUsingInstanceMemberAsValue()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Formatter
            {
                private static readonly Dictionary<string, Func<int, string>> s_formatters = new();
                private readonly string _prefix = ">";
                public void Register(string name) => [|s_formatters[name] = x => _prefix + x|];
            }
            """);

    [Fact]
    public Task AnonymousMethodAndLocalFunctionAsValues()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Formatter
            {
                private static readonly Dictionary<string, Func<int, string>> s_formatters = new();
                private readonly string _prefix = ">";
                public void Register()
                {
                    [|s_formatters["a"] = delegate (int x) { return _prefix + x; }|];
                    string Format(int x) => _prefix + x;
                    [|s_formatters["b"] = Format|];
                }
            }
            """);

    [Fact]
    public Task InstanceMethodGroupAsValue()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Settings
            {
                private static readonly Dictionary<string, Action> s_handlers = new();
                public void Watch(string key) => [|s_handlers[key] = OnChanged|];
                private void OnChanged() { }
            }
            """);

    [Fact]
    public Task LazyFromCapturingLambdaAsValue()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Catalog
            {
                private static readonly ConcurrentDictionary<string, Lazy<string>> s_items = new();
                private string Load(string key) => key;
                public string Get(string key) => [|s_items.GetOrAdd(key, k => new Lazy<string>(() => Load(k)))|].Value;
            }
            """);

    // ---- 3. get-or-add: what the factory returns ----

    [Fact]
    public Task FactoryReturningClosureOverThis()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Parser
            {
                private static readonly ConcurrentDictionary<string, Func<string, int>> s_parsers = new();
                private int Parse(string format, string s) => s.Length + format.Length;
                public Func<string, int> For(string format) => [|s_parsers.GetOrAdd(format, f => s => Parse(f, s))|];
            }
            """);

    [Fact]
    public Task AddOrUpdateReturningThis()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Node
            {
                private static readonly ConcurrentDictionary<string, Node> s_latest = new();
                public void Publish(string topic) => [|s_latest.AddOrUpdate(topic, _ => this, (_, _) => this)|];
            }
            """);

    [Fact]
    public Task FactoryThatOnlyCallsInstanceMethodIsNotThisRule()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Parser
            {
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private readonly int _bias = 1;
                public int Length(string s) => s_lengths.GetOrAdd(s, k => k.Length + _bias);
            }
            """);

    // ---- 4. 'this' through a local ----

    [Fact]
    public Task ThisThroughLocal()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Worker
            {
                private static readonly Dictionary<(Worker, int), int> s_results = new();
                public void Store(int x)
                {
                    var self = this;
                    [|s_results[(self, x)] = x * 2|];
                }
            }
            """);

    // ---- 5. every cache kind and place ----

    [Fact]
    public Task MemoryCacheSetAndGetOrCreate()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Caching.Memory;
            class Renderer
            {
                private static readonly IMemoryCache s_cache = new MemoryCache(new MemoryCacheOptions());
                public void Remember(string view) => [|s_cache.Set((this, view), view.Length)|];
                public int Render(string view) => [|s_cache.GetOrCreate((this, view), e => view.Length)|];
            }
            """);

    [Fact]
    public Task ObjectCacheValue()
        => Verify.VerifyAsync("""
            using System;
            using System.Runtime.Caching;
            class Renderer
            {
                private static readonly ObjectCache s_cache = MemoryCache.Default;
                public void Remember(string view) => [|s_cache.Set(view, this, DateTimeOffset.MaxValue)|];
            }
            """);

    [Fact]
    public Task BoundedLruCacheStillPinsInstances()
        => Verify.VerifyAsync("""
            using SafeCache;
            class Renderer
            {
                private static readonly LruCache<(Renderer, string), int> s_cache = new(capacity: 16);
                public int Render(string view) => [|s_cache.GetOrAdd((this, view), k => k.Item2.Length)|];
            }
            """);

    [Fact]
    public Task BoundedMemoryCacheStillPinsInstances()
        => Verify.VerifyAsync("""
            using Microsoft.Extensions.Caching.Memory;
            class Renderer
            {
                private static readonly MemoryCache s_cache = new(new MemoryCacheOptions { SizeLimit = 100 });
                public int Render(string view) => [|s_cache.GetOrCreate((this, view), e => { e.Size = 1; return view.Length; })|];
            }
            """);

    [Fact]
    public Task Hashtable()
        => Verify.VerifyAsync("""
            using System.Collections;
            class Legacy
            {
                private static readonly Hashtable s_table = new();
                public void Remember(string name) => [|s_table[name] = this|];
                public void Add(string name) => [|s_table.Add(this, name)|];
            }
            """);

    [Fact]
    public Task StaticPropertyCache()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Widget
            {
                private static Dictionary<(Widget, int), int> Cache { get; } = new();
                public void Store(int x) => [|Cache[(this, x)] = x|];
            }
            """);

    [Fact]
    public Task CacheInAnotherType()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class Memo
            {
                public static readonly Dictionary<(object, int), int> Cache = new();
            }
            class Widget
            {
                public void Store(int x) => [|Memo.Cache[(this, x)] = x|];
            }
            """);

    [Fact]
    public Task GenericBaseClassStaticCacheUsedFromDerivedInstance()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;
            abstract class Repository<T>
            {
                protected static readonly Dictionary<(object, int), T> s_cache = new();
            }
            class Customers : Repository<string>
            {
                public void Store(int id, string name) => s_cache[(this, id)] = name;
            }
            """,
            Verify.Diagnostic().WithSpan(8, 47, 8, 73)
                .WithMessage("Static cache 's_cache' stores 'this' in its key: every 'Customers' that calls 'Store' stays alive as long as the cache"));

    [Fact]
    public Task PartialClassAcrossFiles()
        => new AnalyzerTest<SharedCacheCapturesInstanceAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Generic;
                partial class Widget
                {
                    private static readonly Dictionary<(Widget, int), int> s_cache = new();
                }
                """,
                """
                partial class Widget
                {
                    public void Store(int x) => [|s_cache[(this, x)] = x|];
                }
                """,
            },
        }.RunAsync();

    [Fact]
    public Task PropertyAccessorAndConstructorNameTheMember()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<string, Widget> s_cache = new();
                public Widget() => s_cache["last"] = this;
                public string Name { set => s_cache[value] = this; }
            }
            """,
            Verify.Diagnostic().WithSpan(5, 24, 5, 46)
                .WithMessage("Static cache 's_cache' stores 'this' in its value: every 'Widget' that calls 'Widget' stays alive as long as the cache"),
            Verify.Diagnostic().WithSpan(6, 33, 6, 54)
                .WithMessage("Static cache 's_cache' stores 'this' in its value: every 'Widget' that calls 'Name' stays alive as long as the cache"));

    [Fact]
    public Task KeyAndValueBothHoldThis()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<(Widget, int), Widget> s_cache = new();
                public void Store(int x) => s_cache[(this, x)] = this;
            }
            """,
            Verify.Diagnostic().WithSpan(5, 33, 5, 58)
                .WithMessage("Static cache 's_cache' stores 'this' in its key and value: every 'Widget' that calls 'Store' stays alive as long as the cache"));

    [Fact]
    public Task WriteInsideInstanceLambda()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<(Widget, int), int> s_cache = new();
                public Action<int> Storer() => x => [|s_cache[(this, x)] = x|];
            }
            """);

    // ---- What NOT to flag ----

    [Fact]
    public Task PerInstanceCacheIsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Widget
            {
                private readonly Dictionary<(Widget, int), Widget> _cache = new();
                public void Store(int x) => _cache[(this, x)] = this;
            }
            """);

    [Fact]
    public Task ConditionalWeakTableKeyedByThisIsFine()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            class Widget
            {
                private static readonly ConditionalWeakTable<Widget, string> s_names = new();
                private static readonly ConditionalWeakTable<Widget, Widget> s_self = new();
                public void Name(string name) => s_names.AddOrUpdate(this, name);
                public Widget Self() => s_self.GetValue(this, w => this);
            }
            """);

    [Fact]
    public Task ConditionalWeakTableValueThisUnderAnotherKeyIsFlagged()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            class Widget
            {
                private static readonly object s_anchor = new();
                private static readonly ConditionalWeakTable<object, Widget> s_owners = new();
                public void Claim() => [|s_owners.AddOrUpdate(s_anchor, this)|];
            }
            """);

    [Fact]
    public Task WritesInStaticMembersLambdasAndLocalFunctionsAreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<(Widget, int), int> s_cache = new();
                public static void Store(Widget w, int x) => s_cache[(w, x)] = x;
                public Action<Widget, int> Storer() => static (w, x) => s_cache[(w, x)] = x;
                public void Local(int x)
                {
                    Store(this, x);
                    static void Store(Widget w, int x) => s_cache[(w, x)] = x;
                }
            }
            """);

    [Fact]
    public Task FactoryReadingThisButReturningPlainValueIsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Widget
            {
                private static readonly ConcurrentDictionary<int, string> s_labels = new();
                private readonly string _prefix = "#";
                public string Label(int id) => s_labels.GetOrAdd(id, i => _prefix + i + this.GetHashCode());
            }
            """);

    [Fact]
    public Task WeakReferenceKeysAreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<WeakReference<Widget>, int> s_generic = new();
                private static readonly Dictionary<(WeakReference, int), int> s_plain = new();
                public void Store(int x)
                {
                    s_generic[new WeakReference<Widget>(this)] = x;
                    s_plain[(new WeakReference(this), x)] = x;
                }
            }
            """);

    [Fact]
    public Task StaticLambdaValuesAreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<string, Func<int, int>> s_ops = new();
                public void Register() => s_ops["double"] = static x => x * 2;
            }
            """);

    [Fact]
    public Task ProvableSingletonIsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            sealed class Registry
            {
                public static readonly Registry Instance = new();
                private static readonly Dictionary<string, Action> s_handlers = new();
                private Registry() { }
                public void Watch(string key) => s_handlers[key] = OnChanged;
                private void OnChanged() { }
            }
            sealed class AutoPropertySingleton
            {
                public static AutoPropertySingleton Instance { get; } = new AutoPropertySingleton();
                private static readonly Dictionary<string, object> s_owners = new();
                private AutoPropertySingleton() { }
                public void Claim(string key) => s_owners[key] = this;
            }
            """);

    [Fact]
    public Task NotASingletonWhenAnotherInstanceCanBeCreated()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            sealed class Registry
            {
                public static readonly Registry Instance = new();
                private static readonly Dictionary<string, object> s_owners = new();
                private Registry() { }
                public static Registry CreateAnother() => new Registry();
                public void Claim(string key) => [|s_owners[key] = this|];
            }
            sealed class PublicConstructor
            {
                public static readonly PublicConstructor Instance = new();
                private static readonly Dictionary<string, object> s_owners = new();
                public void Claim(string key) => [|s_owners[key] = this|];
            }
            """);

    [Fact]
    public Task LocalsAndParametersAreNotShared()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Widget
            {
                public void Store(Dictionary<(Widget, int), int> table, int x)
                {
                    var local = new Dictionary<Widget, int>();
                    local[this] = x;
                    table[(this, x)] = x;
                }
            }
            """);

    [Fact]
    public Task KeysAndValuesThatDoNotHoldThisAreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class TypeInfoCache
            {
                private static readonly ConcurrentDictionary<Type, string> s_names = new();
                private readonly string _name = "x";
                public string Name() => s_names.GetOrAdd(GetType(), t => t.FullName ?? _name.ToString());
                public void Remember(int id) => s_names[typeof(int)] = _name + id;
            }
            """);

    [Fact]
    public Task ReadsAndRemovalsAreFine()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<(Widget, int), int> s_cache = new();
                public int Read(int x) => s_cache.TryGetValue((this, x), out var v) ? v + s_cache[(this, x)] : 0;
                public void Forget(int x) => s_cache.Remove((this, x));
            }
            """);

    [Fact]
    public Task StructThisIsCopiedNotPinned()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            struct Point
            {
                private static readonly Dictionary<(Point, int), int> s_cache = new();
                public int X;
                public void Store(int x) => s_cache[(this, x)] = x;
            }
            """);

    [Fact]
    public Task GeneratedCodeIsNotAnalyzed()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
            class Generated
            {
                private static readonly Dictionary<(Generated, int), int> s_cache = new();
                public void Store(int x) => s_cache[(this, x)] = x;
            }
            """);

    [Fact]
    public Task NestedTypeWritesAreReportedOnce()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Outer
            {
                private static readonly Dictionary<object, int> s_cache = new();
                public void Store(int x) => [|s_cache[this] = x|];
                class Inner
                {
                    public void Store(int x) => [|s_cache[this] = x|];
                }
            }
            """);

    // ---- Robustness ----

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => new AnalyzerTest<SharedCacheCapturesInstanceAnalyzer>
        {
            CompileBeforeAnalysis = false,
            Sources =
            {
                """
                using System.Collections.Generic;
                class Widget
                {
                    private static readonly Dictionary<(Widget, int), Unknown> s_cache = new();
                    private static readonly Missing s_other;
                    public void Store(int x)
                    {
                        [|s_cache[(this, x)] = |];
                        s_other[(this, x)] = x;
                        s_cache.GetOrAdd((this, x), k => );
                        s_cache[(this
                """,
            },
        }.RunAsync();
}
