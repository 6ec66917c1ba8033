using System;
using System.Linq;
using System.Runtime.CompilerServices;

namespace SafeCache.Runtime.Tests;

public class WeakLruCacheTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_rejects_capacity_below_one(int capacity)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new WeakLruCache<object, int, int>(capacity));
        Assert.Equal("capacity", ex.ParamName);
    }

    [Fact]
    public void GetOrAdd_caches_per_owner_and_key()
    {
        var cache = new WeakLruCache<Owner, int, string>(10);
        var a = new Owner(1);
        var b = new Owner(2);
        int calls = 0;
        Assert.Equal("1:5", cache.GetOrAdd(a, 5, (o, k) => { calls++; return $"{o.Id}:{k}"; }));
        Assert.Equal("1:5", cache.GetOrAdd(a, 5, (o, k) => { calls++; return "other"; }));
        Assert.Equal("2:5", cache.GetOrAdd(b, 5, (o, k) => { calls++; return $"{o.Id}:{k}"; }));
        Assert.Equal(2, calls);
        Assert.True(cache.TryGetValue(a, 5, out string? value));
        Assert.Equal("1:5", value);
        Assert.False(cache.TryGetValue(a, 6, out value));
        Assert.Null(value);
        Assert.Equal(2, cache.Count);
        CacheInfo info = cache.Info;
        Assert.Equal(2, info.Hits);
        Assert.Equal(3, info.Misses);
        Assert.Equal(10, info.Capacity);
    }

    [Fact]
    public void Owners_are_compared_by_identity_without_calling_Equals_or_GetHashCode()
    {
        var cache = new WeakLruCache<Unhashable, string, int>(10);
        var first = new Unhashable();
        var second = new Unhashable();
        Assert.Equal(1, cache.GetOrAdd(first, "k", (o, k) => 1));
        Assert.Equal(2, cache.GetOrAdd(second, "k", (o, k) => 2));
        Assert.Equal(1, cache.GetOrAdd(first, "k", (o, k) => 3));
        Assert.True(cache.Remove(first));
        Assert.False(cache.TryGetValue(first, "k", out _));
    }

    [Fact]
    public void Null_arguments_throw_and_leave_cache_unchanged()
    {
        var cache = new WeakLruCache<Owner, int, int>(10);
        var owner = new Owner(1);
        cache.GetOrAdd(owner, 1, (o, k) => 1);
        Assert.Equal("owner", Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(null!, 1, (o, k) => 1)).ParamName);
        Assert.Equal("valueFactory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAdd(owner, 2, null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => cache.TryGetValue(null!, 1, out _));
        Assert.Throws<ArgumentNullException>(() => cache.Remove(null!));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Null_keys_are_allowed()
    {
        var cache = new WeakLruCache<Owner, string?, int>(10);
        var owner = new Owner(1);
        Assert.Equal(7, cache.GetOrAdd(owner, null, (o, k) => 7));
        Assert.True(cache.TryGetValue(owner, null, out int value));
        Assert.Equal(7, value);
    }

    [Fact]
    public void Total_entries_are_bounded_across_owners()
    {
        var cache = new WeakLruCache<Owner, int, int>(50);
        var owners = Enumerable.Range(0, 20).Select(i => new Owner(i)).ToArray();
        for (int round = 0; round < 10; round++)
        {
            foreach (Owner owner in owners)
            {
                for (int k = 0; k < 5; k++)
                {
                    Assert.Equal(owner.Id + k, cache.GetOrAdd(owner, k + (round * 5), (o, key) => o.Id + k));
                    Assert.InRange(cache.Count, 1, 50);
                }
            }
        }

        Assert.Equal(50, cache.Count);
        Assert.True(cache.Info.Evictions >= 900);
        GC.KeepAlive(owners);
    }

    [Fact]
    public void Read_entries_survive_eviction_of_unread_ones()
    {
        var cache = new WeakLruCache<Owner, int, int>(20);
        var hot = new Owner(1);
        var cold = new Owner(2);
        for (int k = 0; k < 10; k++)
        {
            cache.GetOrAdd(hot, k, (o, key) => key);
            cache.TryGetValue(hot, k, out _);
        }

        for (int k = 0; k < 20; k++)
        {
            cache.GetOrAdd(cold, k, (o, key) => key);
        }

        // CLOCK: the hand gives the read entries a second chance and evicts the ten unread ones first.
        Assert.Equal(20, cache.Count);
        Assert.Equal(10, cache.Info.Evictions);
        Assert.All(Enumerable.Range(0, 10), k => Assert.True(cache.TryGetValue(hot, k, out _)));
        Assert.All(Enumerable.Range(0, 10), k => Assert.False(cache.TryGetValue(cold, k, out _)));
        Assert.All(Enumerable.Range(10, 10), k => Assert.True(cache.TryGetValue(cold, k, out _)));
    }

    [Fact]
    public void Remove_drops_all_entries_of_one_owner()
    {
        var cache = new WeakLruCache<Owner, int, int>(100);
        var a = new Owner(1);
        var b = new Owner(2);
        for (int k = 0; k < 10; k++)
        {
            cache.GetOrAdd(a, k, (o, key) => key);
            cache.GetOrAdd(b, k, (o, key) => key);
        }

        Assert.True(cache.Remove(a));
        Assert.False(cache.Remove(a));
        Assert.Equal(10, cache.Count);
        Assert.False(cache.TryGetValue(a, 0, out _));
        Assert.True(cache.TryGetValue(b, 0, out _));
        Assert.Equal(-1, cache.GetOrAdd(a, 0, (o, key) => -1));
        Assert.Equal(11, cache.Count);
    }

    [Fact]
    public void Clear_drops_everything_and_resets_statistics()
    {
        var cache = new WeakLruCache<Owner, int, int>(100);
        var a = new Owner(1);
        cache.GetOrAdd(a, 1, (o, k) => 1);
        cache.TryGetValue(a, 1, out _);
        cache.Clear();
        Assert.Equal(new CacheInfo(0, 0, 0, 100, 0), cache.Info);
        Assert.False(cache.TryGetValue(a, 1, out _));
        Assert.Equal(2, cache.GetOrAdd(a, 1, (o, k) => 2));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Entries_of_collected_owners_stop_counting_against_capacity()
    {
        var cache = new WeakLruCache<Owner, int, int>(10);
        FillWithTemporaryOwner(cache);
        Assert.Equal(10, cache.Count);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var live = new Owner(2);
        for (int k = 0; k < 10; k++)
        {
            cache.GetOrAdd(live, k, (o, key) => key);
        }

        Assert.Equal(10, cache.Count);
        Assert.Equal(0, cache.Info.Evictions); // the dead owner's entries were purged, no live entry was evicted
        Assert.All(Enumerable.Range(0, 10), k => Assert.True(cache.TryGetValue(live, k, out _)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FillWithTemporaryOwner(WeakLruCache<Owner, int, int> cache)
    {
        var temp = new Owner(1);
        for (int k = 0; k < 10; k++)
        {
            cache.GetOrAdd(temp, k, (o, key) => key);
        }
    }

    internal sealed class Owner
    {
        public Owner(int id) => Id = id;

        public int Id { get; }
    }

#pragma warning disable CS0659 // Equals without GetHashCode: deliberately unhashable.
    internal sealed class Unhashable
    {
        public override bool Equals(object? obj) => throw new InvalidOperationException("Equals must not be called");

        public override int GetHashCode() => throw new InvalidOperationException("GetHashCode must not be called");
    }
#pragma warning restore CS0659
}
