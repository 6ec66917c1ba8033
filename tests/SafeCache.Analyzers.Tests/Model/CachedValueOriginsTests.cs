using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class CachedValueOriginsTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using Microsoft.Extensions.Caching.Memory;

        """;

    [Fact]
    public void A_read_returns_its_result_or_its_out_value_and_a_probe_or_write_returns_nothing()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<string, List<int>> s_cache = new();
                static readonly ConcurrentDictionary<string, List<int>> s_memo = new();
                List<int> Get(string key)
                {
                    s_cache.TryGetValue(key, out var hit);
                    var direct = s_cache[key];
                    var has = s_cache.ContainsKey(key);
                    s_cache[key] = new List<int>();
                    return s_memo.GetOrAdd(key, k => new List<int>());
                }
            }
            """);

        var origins = harness.Model.ValueOrigins;
        var accesses = harness.AccessesIn("Get");
        Assert.Equal("var hit", origins.GetReturnedValue(accesses[0])!.Syntax.ToString());
        Assert.Equal("s_cache[key]", origins.GetReturnedValue(accesses[1])!.Syntax.ToString());
        Assert.Null(origins.GetReturnedValue(accesses[2]));
        Assert.Null(origins.GetReturnedValue(accesses[3]));
        Assert.Same(accesses[4].Operation, origins.GetReturnedValue(accesses[4]));
    }

    [Fact]
    public void The_miss_path_local_is_traced_to_the_write_that_stores_it_through_an_alias()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly Dictionary<string, List<int>> s_cache = new();
                List<int> Get(string key)
                {
                    if (s_cache.TryGetValue(key, out var hit)) return hit;
                    var built = new List<int>();
                    var alias = built;
                    s_cache.Add(key, built);
                    return alias;
                }
            }
            """);

        var returns = harness.Expression("Get", "hit").GetRoot().Descendants().OfType<IReturnOperation>().ToList();
        Assert.True(harness.Model.ValueOrigins.TryFind(returns[0].ReturnedValue!, out var read));
        Assert.Equal(CacheAccessKind.Read, read.Kind);
        Assert.True(harness.Model.ValueOrigins.TryFind(returns[1].ReturnedValue!, out var write));
        Assert.Equal(CacheAccessKind.Write, write.Kind);
        Assert.Equal("s_cache.Add(key, built)", write.Operation.Syntax.ToString());
    }

    [Fact]
    public void Copies_and_unrelated_values_have_no_cache_origin()
    {
        var harness = ModelHarness.Create(Usings + """
            class C
            {
                static readonly ConcurrentDictionary<string, List<int>> s_cache = new();
                List<int> Get(string key)
                {
                    var cached = s_cache.GetOrAdd(key, k => new List<int>());
                    var copy = new List<int>(cached);
                    return copy;
                }
                List<int> Fresh() => new List<int>();
                bool Probe(string key) => s_cache.TryGetValue(key, out _);
            }
            """);

        var origins = harness.Model.ValueOrigins;
        var returned = harness.Expression("Get", "copy").GetRoot().Descendants().OfType<IReturnOperation>().Last().ReturnedValue!;
        Assert.False(origins.TryFind(returned, out _));
        Assert.False(origins.TryFind(Value(harness.Expression("Fresh", "new List<int>()")), out _));
        Assert.False(origins.TryFind(Value(harness.Expression("Probe", "s_cache.TryGetValue(key, out _)")), out _));
    }

    /// <summary>An expression body's implicit return has the expression's syntax: take what it returns.</summary>
    private static IOperation Value(IOperation operation) => operation is IReturnOperation { ReturnedValue: { } value } ? value : operation;

    [Fact]
    public void Memory_cache_reads_conditionals_and_awaits_are_followed()
    {
        var harness = ModelHarness.Create(Usings + """
            using System.Threading.Tasks;
            class C
            {
                static readonly IMemoryCache s_cache = new MemoryCache(new MemoryCacheOptions());
                List<int>? A(string key) => s_cache.Get<List<int>>(key);
                List<int> B(string key, bool fresh) => fresh ? new List<int>() : s_cache.GetOrCreate(key, e => new List<int>())!;
                async Task<List<int>?> D(string key) => await s_cache.GetOrCreateAsync(key, e => Task.FromResult(new List<int>()));
            }
            """);

        var origins = harness.Model.ValueOrigins;
        Assert.True(origins.TryFind(Value(harness.Expression("A", "s_cache.Get<List<int>>(key)")), out var get), "Get<T>");
        Assert.Equal(CacheKind.MemoryCache, get.Cache.Type.Kind);
        Assert.True(origins.TryFind(Value(harness.Expression("B", "fresh ? new List<int>() : s_cache.GetOrCreate(key, e => new List<int>())!")), out _), "conditional");
        Assert.True(origins.TryFind(Value(harness.Expression("D", "await s_cache.GetOrCreateAsync(key, e => Task.FromResult(new List<int>()))")), out var awaited), "await");
        Assert.Equal(CacheAccessKind.GetOrAdd, awaited.Kind);
    }
}
