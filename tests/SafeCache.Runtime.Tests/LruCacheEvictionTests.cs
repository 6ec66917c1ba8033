using System;
using System.Linq;
using SafeCache.Benchmarks;

namespace SafeCache.Runtime.Tests;

public class LruCacheEvictionTests
{
    [Fact]
    public void Count_never_exceeds_capacity_after_any_operation()
    {
        var random = new Random(1234);
        var cache = new LruCache<int, int>(50);
        for (int i = 0; i < 50_000; i++)
        {
            int key = random.Next(200);
            switch (random.Next(8))
            {
                case 0: cache.GetOrAdd(key, k => k); break;
                case 1: cache.TryAdd(key, key); break;
                case 2: cache[key] = key; break;
                case 3: cache.AddOrUpdate(key, key, (k, v) => v); break;
                case 4: cache.TryRemove(key, out _); break;
                case 5: cache.GetOrAdd(key, key); break;
                case 6: cache.TryGetValue(key, out _); break;
                default: cache.GetOrAdd(key, (k, a) => k + a, 0); break;
            }

            Assert.InRange(cache.Count, 0, 50);
            Assert.Equal(cache.Count, cache.Keys.Count);
        }

        Assert.All(cache, pair => Assert.Equal(pair.Key, pair.Value));
    }

    [Fact]
    public void Entries_read_since_insertion_survive_a_scan_of_new_keys()
    {
        const int capacity = 100;
        var cache = new LruCache<int, int>(capacity);
        int[] hot = Enumerable.Range(0, 50).ToArray();
        foreach (int key in hot)
        {
            cache.GetOrAdd(key, k => k);
        }

        foreach (int key in hot)
        {
            Assert.True(cache.TryGetValue(key, out _)); // read once since insertion
        }

        // A one-off scan of 10x capacity new keys, never read again.
        for (int key = 1000; key < 1000 + (10 * capacity); key++)
        {
            cache.GetOrAdd(key, k => k);
            Assert.True(cache.Count <= capacity);
        }

        Assert.All(hot, key => Assert.True(cache.ContainsKey(key), $"hot key {key} was flushed by the scan"));
        Assert.True(cache.Info.Evictions >= 9 * capacity);
    }

    [Fact]
    public void Hot_set_survives_repeated_scans_while_being_used()
    {
        const int capacity = 200;
        var cache = new LruCache<int, int>(capacity);
        int next = 10_000;
        for (int round = 0; round < 20; round++)
        {
            for (int key = 0; key < 100; key++)
            {
                cache.GetOrAdd(key, k => k);
                cache.GetOrAdd(key, k => k); // used twice: read since insertion
            }

            for (int s = 0; s < 3 * capacity; s++)
            {
                cache.GetOrAdd(next++, k => k);
            }
        }

        Assert.All(Enumerable.Range(0, 100), key => Assert.True(cache.ContainsKey(key)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    public void Loop_over_1_2x_capacity_keeps_a_hot_set(int capacity)
    {
        int[] trace = Traces.Loop((int)(capacity * 1.2), 30);
        long hits = HitRatioSimulator.LruCacheHits(trace, capacity);
        Assert.Equal(0, HitRatioSimulator.ExactLruHits(trace, capacity)); // the pathology this policy avoids
        Assert.True(hits >= trace.Length / 2, $"hit ratio {(double)hits / trace.Length:P1} < 50%");
    }

    [Theory]
    [InlineData(0.5, 0.01)]
    [InlineData(0.5, 0.10)]
    [InlineData(0.5, 0.40)]
    [InlineData(0.86, 0.01)]
    [InlineData(0.86, 0.10)]
    [InlineData(0.86, 0.40)]
    public void Hit_ratio_is_at_least_exact_LRU_on_Zipf(double skew, double fraction)
    {
        const int keySpace = 5_000;
        int capacity = (int)(keySpace * fraction);
        int[] trace = Traces.Zipf(keySpace, skew, 150_000, seed: 7);
        long lru = HitRatioSimulator.ExactLruHits(trace, capacity);
        long ours = HitRatioSimulator.LruCacheHits(trace, capacity);
        Assert.True(ours >= lru, $"LruCache {ours} hits < exact LRU {lru} hits");

        int[] scanned = Traces.WithScans(trace, scanEvery: 10_000, scanLength: capacity * 2, firstScanKey: 1_000_000);
        long lruScanned = HitRatioSimulator.ExactLruHits(scanned, capacity);
        long oursScanned = HitRatioSimulator.LruCacheHits(scanned, capacity);
        Assert.True(oursScanned >= lruScanned, $"with scans: LruCache {oursScanned} hits < exact LRU {lruScanned} hits");
    }

    [Fact]
    public void Zipf_0_86_at_10_percent_beats_exact_LRU_by_10_percent_relative()
    {
        int[] trace = Traces.Zipf(5_000, 0.86, 150_000, seed: 11);
        long lru = HitRatioSimulator.ExactLruHits(trace, 500);
        long ours = HitRatioSimulator.LruCacheHits(trace, 500);
        Assert.True(ours >= lru * 1.10, $"LruCache {ours} hits < 1.10 x exact LRU {lru} hits");
    }
}
