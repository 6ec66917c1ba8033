using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class CacheModelTests
{
    private const string Usings = """
        using System;
        using System.Collections;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using Microsoft.Extensions.Caching.Memory;
        using SafeCache;

        """;

    [Fact]
    public void Lookup_then_indexer_set_is_a_memo_write()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<string, int> s_cache = new();
                int Get(string key)
                {
                    if (!s_cache.TryGetValue(key, out var value))
                    {
                        value = key.Length;
                        s_cache[key] = value;
                    }
                    return value;
                }
            }
            """);

        var accesses = harness.AccessesIn("Get");
        Assert.Equal(new[] { CacheAccessKind.Read, CacheAccessKind.Write }, accesses.Select(a => a.Kind));
        var write = accesses[1];
        Assert.Equal("s_cache[key] = value", write.Operation.Syntax.ToString());
        Assert.Equal("key", write.Key!.Syntax.ToString());
        Assert.Equal("value", Assert.Single(write.Values).Syntax.ToString());
        Assert.True(write.Cache.IsShared);
        Assert.Equal(CacheKind.Dictionary, write.Cache.Type.Kind);
        Assert.Equal(SpecialType.System_String, write.Cache.Type.KeyType!.SpecialType);
        Assert.True(harness.Model.IsMemoWrite(write));
    }

    [Fact]
    public void Unconditional_registration_is_not_a_memo_write()
    {
        var harness = ModelHarness.Create(Usings + """
            class Registry
            {
                static readonly Dictionary<string, Action> s_handlers = new();
                public void Register(string name, Action handler) => s_handlers[name] = handler;
                public bool Has(string other) => s_handlers.ContainsKey(other);
            }
            """);

        var write = harness.SingleAccess("Register", CacheAccessKind.Write);
        Assert.False(harness.Model.IsMemoWrite(write));
        Assert.Equal(CacheAccessKind.Probe, Assert.Single(harness.AccessesIn("Has")).Kind);
    }

    [Fact]
    public void Lookup_of_another_key_does_not_make_a_memo_write()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<string, int> s_cache = new();
                void Put(string a, string b)
                {
                    if (!s_cache.ContainsKey(a)) { s_cache.Add(b, 1); }
                }
            }
            """);

        Assert.False(harness.Model.IsMemoWrite(harness.SingleAccess("Put", CacheAccessKind.Write)));
    }

    [Fact]
    public void GetOrAdd_with_factory_exposes_every_returned_expression()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly ConcurrentDictionary<int, string> s_cache = new();
                string Get(int id) => s_cache.GetOrAdd(id, k =>
                {
                    if (k < 0) return "negative";
                    Func<string> nested = () => "not stored";
                    return k.ToString();
                });
            }
            """);

        var access = harness.SingleAccess("Get", CacheAccessKind.GetOrAdd);
        Assert.Single(access.Factories);
        Assert.Empty(access.Values);
        Assert.Equal(new[] { "\"negative\"", "k.ToString()" }, access.FactoryResults.Select(r => r.Syntax.ToString()));
        Assert.True(harness.Model.IsMemoWrite(access));
    }

    [Fact]
    public void GetOrAdd_factory_argument_is_not_a_stored_value()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly ConcurrentDictionary<int, string> s_cache = new();
                string Get(int id) => s_cache.GetOrAdd(id, static (k, self) => self.Name(k), this);
                string Name(int k) => k.ToString();
            }
            """);

        var access = harness.SingleAccess("Get", CacheAccessKind.GetOrAdd);
        Assert.Empty(access.Values);
        Assert.Equal("self.Name(k)", Assert.Single(access.FactoryResults).Syntax.ToString());
    }

    [Fact]
    public void GetOrAdd_with_value_and_AddOrUpdate_expose_values_and_factories()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly ConcurrentDictionary<int, string> s_cache = new();
                void A(int id) => s_cache.GetOrAdd(id, "v");
                void B(int id) => s_cache.AddOrUpdate(id, "added", (k, old) => old + "!");
            }
            """);

        Assert.Equal("\"v\"", Assert.Single(harness.SingleAccess("A", CacheAccessKind.GetOrAdd).Values).Syntax.ToString());
        var update = harness.SingleAccess("B", CacheAccessKind.GetOrAdd);
        Assert.Equal("\"added\"", Assert.Single(update.Values).Syntax.ToString());
        Assert.Equal("old + \"!\"", Assert.Single(update.FactoryResults).Syntax.ToString());
    }

    [Fact]
    public void Memory_cache_extension_methods_take_the_cache_from_their_first_argument()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly IMemoryCache s_cache = new MemoryCache(new MemoryCacheOptions());
                void Put(string key) => s_cache.Set(key, 42);
                int Get(string key) => s_cache.GetOrCreate(key, entry => key.Length);
                bool Has(object key) => s_cache.TryGetValue(key, out _);
            }
            """);

        var set = harness.SingleAccess("Put", CacheAccessKind.Write);
        Assert.Equal(CacheKind.MemoryCache, set.Cache.Type.Kind);
        Assert.Equal("key", set.Key!.Syntax.ToString());
        Assert.Equal("42", Assert.Single(set.Values).Syntax.ToString());
        Assert.Equal("key.Length", Assert.Single(harness.SingleAccess("Get", CacheAccessKind.GetOrAdd).FactoryResults).Syntax.ToString());
        Assert.Equal("key", harness.SingleAccess("Has", CacheAccessKind.Read).Key!.Syntax.ToString());
    }

    [Fact]
    public void Object_cache_hashtable_and_conditional_weak_table_are_caches()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly System.Runtime.Caching.ObjectCache s_objects = System.Runtime.Caching.MemoryCache.Default;
                static readonly Hashtable s_table = new();
                static readonly ConditionalWeakTable<object, string> s_weak = new();
                void A(string key) => s_objects.AddOrGetExisting(key, "v", DateTimeOffset.MaxValue);
                void B(object key) { if (!s_table.Contains(key)) s_table.Add(key, key.ToString()); }
                void D(object key) => s_weak.GetValue(key, k => "v");
            }
            """);

        var objectCache = harness.SingleAccess("A", CacheAccessKind.GetOrAdd);
        Assert.Equal(CacheKind.ObjectCache, objectCache.Cache.Type.Kind);
        Assert.Equal("\"v\"", Assert.Single(objectCache.Values).Syntax.ToString());

        var hashtableWrite = harness.SingleAccess("B", CacheAccessKind.Write);
        Assert.Equal(CacheKind.Hashtable, hashtableWrite.Cache.Type.Kind);
        Assert.True(harness.Model.IsMemoWrite(hashtableWrite));

        var weak = harness.SingleAccess("D", CacheAccessKind.GetOrAdd);
        Assert.True(weak.Cache.Type.HasWeakKeys);
        Assert.Equal("\"v\"", Assert.Single(weak.FactoryResults).Syntax.ToString());
    }

    [Fact]
    public void SafeCache_runtime_types_are_caches_and_the_weak_lru_owner_is_separate_from_the_key()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly LruCache<int, string> s_lru = new(16);
                static readonly WeakLruCache<C, int, string> s_weak = new(16);
                string A(int id) => s_lru.GetOrAdd(id, k => k.ToString());
                string B(int id) => s_weak.GetOrAdd(this, id, (self, k) => k.ToString());
            }
            """);

        Assert.Equal(CacheKind.LruCache, harness.SingleAccess("A", CacheAccessKind.GetOrAdd).Cache.Type.Kind);
        var weak = harness.SingleAccess("B", CacheAccessKind.GetOrAdd);
        Assert.True(weak.Cache.Type.HasWeakOwner);
        Assert.Equal("this", weak.Owner!.Syntax.ToString());
        Assert.Equal("id", weak.Key!.Syntax.ToString());
        Assert.Equal(SpecialType.System_Int32, weak.Cache.Type.KeyType!.SpecialType);
    }

    [Fact]
    public void Removals_and_shrinks_are_recognised()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<string, int> s_a = new();
                static readonly ConcurrentDictionary<string, int> s_b = new();
                static readonly MemoryCache s_c = new(new MemoryCacheOptions());
                void Shrink(string key)
                {
                    s_a.Remove(key);
                    s_b.TryRemove(key, out _);
                    s_a.Clear();
                    s_a.TrimExcess();
                    s_c.Compact(0.5);
                }
            }
            """);

        var kinds = harness.AccessesIn("Shrink").Select(a => a.Kind).ToArray();
        Assert.Equal(new[] { CacheAccessKind.Remove, CacheAccessKind.Remove, CacheAccessKind.Shrink, CacheAccessKind.Shrink, CacheAccessKind.Shrink }, kinds);
        Assert.All(harness.AccessesIn("Shrink").Where(a => a.Kind == CacheAccessKind.Shrink), a => Assert.Null(a.Key));
    }

    [Fact]
    public void Shared_means_static_field_or_property_not_instance_local_or_parameter()
    {
        var harness = ModelHarness.Create(Usings + """
            static class Memo { public static Dictionary<int, int> Cache { get; } = new(); }
            class C
            {
                readonly Dictionary<int, int> _instance = new();
                void Use(Dictionary<int, int> parameter)
                {
                    var local = new Dictionary<int, int>();
                    Memo.Cache[1] = 1;
                    _instance[1] = 1;
                    local[1] = 1;
                    parameter[1] = 1;
                }
            }
            """);

        var shared = harness.AccessesIn("Use").Select(a => (a.Cache.Name, a.Cache.IsShared)).ToArray();
        Assert.Equal(new[] { ("Cache", true), ("_instance", false), ("local", false), ("parameter", false) }, shared);
    }

    [Fact]
    public void Custom_dictionaries_derived_types_and_configured_types_are_caches()
    {
        var source = Usings + """
            namespace App
            {
                class MyMap : Dictionary<string, int> { }
                class Store { public void Add(string key, int value) { } public void Clear() { } }
                class C
                {
                    static readonly MyMap s_map = new();
                    static readonly IDictionary<string, int> s_interface = new SortedList<string, int>();
                    static readonly Store s_store = new();
                    void Use(string key)
                    {
                        s_map.Add(key, 1);
                        s_interface[key] = 2;
                        s_store.Add(key, 3);
                    }
                }
            }
            """;

        var plain = ModelHarness.Create(source);
        Assert.Equal(new[] { "s_map", "s_interface" }, plain.AccessesIn("Use").Select(a => a.Cache.Name));

        var configured = ModelHarness.Create(source, "safecache.additional_cache_types = App.Store, Unknown.Type");
        var store = configured.AccessesIn("Use").Last();
        Assert.Equal(CacheKind.Configured, store.Cache.Type.Kind);
        Assert.Equal(CacheAccessKind.Write, store.Kind);
    }

    [Fact]
    public void Coalescing_indexer_assignment_is_a_get_or_add()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<string, string> s_cache = new();
                string Get(string key) => s_cache[key] ??= key.ToUpperInvariant();
            }
            """);

        var access = Assert.Single(harness.AccessesIn("Get"));
        Assert.Equal(CacheAccessKind.GetOrAdd, access.Kind);
        Assert.Equal("key.ToUpperInvariant()", Assert.Single(access.Values).Syntax.ToString());
    }

    [Fact]
    public void Non_cache_collections_are_ignored()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly List<int> s_list = new();
                static readonly HashSet<int> s_set = new();
                void Use() { s_list.Add(1); s_set.Add(2); _ = s_list[0]; }
            }
            """);

        Assert.Empty(harness.AccessesIn("Use"));
    }

    [Theory]
    [InlineData("this", true)]
    [InlineData("(this, id)", true)]
    [InlineData("new { Owner = this, id }", true)]
    [InlineData("new Key(this, id)", true)]
    [InlineData("Tuple.Create(this, id)", true)]
    [InlineData("new object[] { this }", true)]
    [InlineData("new Lazy<int>(() => _value)", true)]
    [InlineData("(Func<int>)(() => _value + id)", true)]
    [InlineData("(Action)OnChanged", true)]
    [InlineData("self", true)]
    [InlineData("(Func<int, int>)(static x => x)", false)]
    [InlineData("(Func<int>)(() => id)", false)]
    [InlineData("_value", false)]
    [InlineData("this.ToString()", false)]
    [InlineData("new WeakReference(this)", false)]
    [InlineData("new WeakReference<C>(this)", false)]
    [InlineData("id", false)]
    public void This_capture_follows_what_the_value_holds(string expression, bool captures)
    {
        var harness = ModelHarness.Create(Usings + $$"""
            record Key(object Owner, int Id);
            class C
            {
                int _value;
                void OnChanged() { }
                object Probe(int id)
                {
                    var self = this;
                    object probe = {{expression}};
                    return probe;
                }
            }
            """);

        var value = harness.Expression("Probe", expression);
        Assert.Equal(captures, harness.Model.ThisCapture.Find(value) is not null);
    }

    [Fact]
    public void Instance_state_reads_list_members_of_this_only()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static int s_static;
                int _field;
                int Prop { get; set; }
                int Compute() => 1;
                int Probe(C other) => _field + this.Prop + Compute() + s_static + other._field;
            }
            """);

        var reads = InstanceStateReads.Find(harness.Expression("Probe", "_field + this.Prop + Compute() + s_static + other._field"));
        Assert.Equal(new[] { "_field", "Prop", "Compute" }, reads.Select(r => r.Member.Name));
    }

    [Fact]
    public void Static_lambdas_and_static_members_are_not_instance_contexts()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<int, int> s_cache = new();
                void Instance() { s_cache[1] = 1; Action a = static () => s_cache[2] = 2; }
                static void Static() => s_cache[3] = 3;
            }
            """);

        var instance = harness.AccessesIn("Instance");
        var method = harness.Member("Instance");
        Assert.True(instance[0].Operation.IsInInstanceContext(method));
        Assert.False(instance[1].Operation.IsInInstanceContext(method));
        Assert.False(Assert.Single(harness.AccessesIn("Static")).Operation.IsInInstanceContext(harness.Member("Static")));
    }
}
