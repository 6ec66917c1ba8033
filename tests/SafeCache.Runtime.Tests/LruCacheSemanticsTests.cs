using System;
using System.Collections.Generic;
using System.Linq;

namespace SafeCache.Runtime.Tests;

public class LruCacheSemanticsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Constructor_rejects_capacity_below_one(int capacity)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LruCache<int, int>(capacity));
        Assert.Equal("capacity", ex.ParamName);
    }

    [Fact]
    public void Constructor_sets_capacity_and_comparer()
    {
        var cache = new LruCache<string, int>(3, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(3, cache.Capacity);
        Assert.Same(StringComparer.OrdinalIgnoreCase, cache.Comparer);
        Assert.True(cache.IsEmpty);
        cache["a"] = 1;
        Assert.True(cache.TryGetValue("A", out int value));
        Assert.Equal(1, value);
    }

    [Fact]
    public void Null_keys_throw_ArgumentNullException_and_leave_cache_unchanged()
    {
        var cache = new LruCache<string, int>(4);
        cache["x"] = 1;
        string key = null!;
        Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(key, k => 1));
        Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(key, (k, a) => a, 1));
        Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(key, 1));
        Assert.Throws<ArgumentNullException>(() => cache.TryGetValue(key, out _));
        Assert.Throws<ArgumentNullException>(() => cache.TryAdd(key, 1));
        Assert.Throws<ArgumentNullException>(() => cache.Add(key, 1));
        Assert.Throws<ArgumentNullException>(() => cache[key]);
        Assert.Throws<ArgumentNullException>(() => cache[key] = 1);
        Assert.Throws<ArgumentNullException>(() => cache.ContainsKey(key));
        Assert.Throws<ArgumentNullException>(() => cache.TryRemove(key, out _));
        Assert.Throws<ArgumentNullException>(() => cache.Remove(key));
        Assert.Throws<ArgumentNullException>(() => cache.AddOrUpdate(key, 1, (k, v) => v));
        Assert.Throws<ArgumentNullException>(() => cache.AddOrUpdate(key, k => 1, (k, v) => v));
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache["x"]);
    }

    [Fact]
    public void Null_factories_throw_and_leave_cache_unchanged()
    {
        var cache = new LruCache<int, int>(4);
        Assert.Equal("valueFactory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(1, (Func<int, int>)null!)).ParamName);
        Assert.Equal("valueFactory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(1, (Func<int, int, int>)null!, 0)).ParamName);
        Assert.Equal("updateValueFactory", Assert.Throws<ArgumentNullException>(() => cache.AddOrUpdate(1, 1, null!)).ParamName);
        Assert.Equal("addValueFactory", Assert.Throws<ArgumentNullException>(() => cache.AddOrUpdate(1, (Func<int, int>)null!, (k, v) => v)).ParamName);
        Assert.Equal(0, cache.Count);
        Assert.False(cache.ContainsKey(1));
    }

    [Fact]
    public void GetOrAdd_runs_factory_on_miss_only()
    {
        var cache = new LruCache<int, string>(4);
        int calls = 0;
        Assert.Equal("1", cache.GetOrAdd(1, k => { calls++; return k.ToString(); }));
        Assert.Equal("1", cache.GetOrAdd(1, k => { calls++; return "other"; }));
        Assert.Equal(1, calls);
        Assert.Equal("5-x", cache.GetOrAdd(5, (k, arg) => k + arg, "-x"));
        Assert.Equal("5-x", cache.GetOrAdd(5, (k, arg) => "other", "-y"));
        Assert.Equal("7", cache.GetOrAdd(7, "7"));
        Assert.Equal("7", cache.GetOrAdd(7, "other"));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Add_throws_on_duplicate_like_Dictionary()
    {
        var cache = new LruCache<int, int>(4);
        cache.Add(1, 10);
        var ex = Assert.Throws<ArgumentException>(() => cache.Add(1, 20));
        Assert.Equal("key", ex.ParamName);
        Assert.Equal(10, cache[1]);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TryAdd_adds_only_missing_keys()
    {
        var cache = new LruCache<int, int>(4);
        Assert.True(cache.TryAdd(1, 10));
        Assert.False(cache.TryAdd(1, 20));
        Assert.Equal(10, cache[1]);
    }

    [Fact]
    public void Indexer_gets_sets_and_throws_KeyNotFound()
    {
        var cache = new LruCache<string, int>(4);
        Assert.Throws<KeyNotFoundException>(() => cache["missing"]);
        cache["a"] = 1;
        cache["a"] = 2;
        Assert.Equal(2, cache["a"]);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TryRemove_and_Remove()
    {
        var cache = new LruCache<int, string>(4);
        cache[1] = "one";
        cache[2] = "two";
        Assert.True(cache.TryRemove(1, out string? removed));
        Assert.Equal("one", removed);
        Assert.False(cache.TryRemove(1, out removed));
        Assert.Null(removed);
        Assert.True(cache.Remove(2));
        Assert.False(cache.Remove(2));
        cache[3] = "three";
        Assert.True(cache.Remove(3, out string? three));
        Assert.Equal("three", three);
        Assert.True(cache.IsEmpty);
    }

    [Fact]
    public void AddOrUpdate_adds_then_updates()
    {
        var cache = new LruCache<string, int>(4);
        Assert.Equal(1, cache.AddOrUpdate("a", 1, (k, v) => v + 1));
        Assert.Equal(2, cache.AddOrUpdate("a", 1, (k, v) => v + 1));
        Assert.Equal(10, cache.AddOrUpdate("b", k => 10, (k, v) => v * 2));
        Assert.Equal(20, cache.AddOrUpdate("b", k => 10, (k, v) => v * 2));
        Assert.Equal(2, cache["a"]);
        Assert.Equal(20, cache["b"]);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void TryUpdate_compares_current_value()
    {
        var cache = new LruCache<int, int>(4);
        cache[1] = 1;
        Assert.False(cache.TryUpdate(1, 5, 2));
        Assert.True(cache.TryUpdate(1, 5, 1));
        Assert.False(cache.TryUpdate(2, 5, 0));
        Assert.Equal(5, cache[1]);
    }

    [Fact]
    public void Keys_Values_and_enumeration_are_snapshots()
    {
        var cache = new LruCache<int, int>(10);
        for (int i = 0; i < 5; i++)
        {
            cache[i] = i * 10;
        }

        ICollection<int> keys = cache.Keys;
        ICollection<int> values = cache.Values;
        cache.Clear();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, keys.OrderBy(k => k));
        Assert.Equal(new[] { 0, 10, 20, 30, 40 }, values.OrderBy(v => v));
        Assert.True(keys.IsReadOnly);
        Assert.Empty(cache);
        cache[7] = 70;
        Assert.Equal(new KeyValuePair<int, int>(7, 70), Assert.Single(cache));
        IReadOnlyDictionary<int, int> readOnly = cache;
        Assert.Equal(new[] { 7 }, readOnly.Keys);
        Assert.Equal(new[] { 70 }, readOnly.Values);
    }

    [Fact]
    public void Info_counts_hits_misses_and_evictions_and_Clear_resets_them()
    {
        var cache = new LruCache<int, int>(2);
        cache.GetOrAdd(1, k => k); // miss
        cache.GetOrAdd(1, k => k); // hit
        cache.TryGetValue(2, out _); // miss
        cache.TryGetValue(1, out _); // hit
        _ = cache[1]; // hit
        cache.GetOrAdd(2, k => k); // miss
        cache.GetOrAdd(3, k => k); // miss + eviction
        CacheInfo info = cache.Info;
        Assert.Equal(3, info.Hits);
        Assert.Equal(4, info.Misses);
        Assert.Equal(1, info.Evictions);
        Assert.Equal(2, info.Capacity);
        Assert.Equal(2, info.Count);
        Assert.Equal(3.0 / 7.0, info.HitRatio, 10);

        cache.Clear();
        Assert.Equal(new CacheInfo(0, 0, 0, 2, 0), cache.Info);
        Assert.Equal(0, cache.Info.HitRatio);
        Assert.False(cache.ContainsKey(1));
        Assert.Equal(1, cache.GetOrAdd(1, k => k));
    }

    [Fact]
    public void ContainsKey_does_not_count_as_an_access()
    {
        var cache = new LruCache<int, int>(4);
        cache[1] = 1;
        Assert.True(cache.ContainsKey(1));
        Assert.False(cache.ContainsKey(2));
        Assert.Equal(0, cache.Info.Hits + cache.Info.Misses);
    }

    [Fact]
    public void Capacity_one_keeps_only_the_latest_entry()
    {
        var cache = new LruCache<int, int>(1);
        for (int i = 0; i < 100; i++)
        {
            cache.GetOrAdd(i, k => k);
            cache.TryGetValue(i, out _);
            Assert.Equal(1, cache.Count);
            Assert.True(cache.ContainsKey(i));
        }
    }

    [Fact]
    public void Sequence_keys_work_with_SequenceEqualityComparer()
    {
        var cache = new LruCache<List<int>, string>(8, SequenceEqualityComparer<int>.Default);
        cache[new List<int> { 1, 2, 3 }] = "abc";
        Assert.Equal("abc", cache[new List<int> { 1, 2, 3 }]);
        Assert.False(cache.ContainsKey(new List<int> { 1, 2 }));
    }

    [Fact]
    public void Remove_and_readd_many_times_does_not_grow_without_bound()
    {
        var cache = new LruCache<int, int>(10);
        for (int i = 0; i < 100_000; i++)
        {
            cache[i] = i;
            Assert.True(cache.Remove(i));
            cache[-1] = i; // replacement path
        }

        Assert.Equal(1, cache.Count);
        Assert.Equal(99_999, cache[-1]);
        Assert.True(cache.QueuedNodeCount <= 2 + 64 + 1, $"queue slots: {cache.QueuedNodeCount}");
    }
}
