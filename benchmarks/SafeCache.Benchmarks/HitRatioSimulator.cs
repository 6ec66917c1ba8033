using System;
using SafeCache.Benchmarks.Reference;

namespace SafeCache.Benchmarks;

/// <summary>Replays deterministic traces through LruCache and the exact-LRU reference at equal capacity (shared with
/// the runtime tests, which link this file).</summary>
public static class HitRatioSimulator
{
    public static double LruCacheHitRatio(int[] trace, int capacity) => (double)LruCacheHits(trace, capacity) / trace.Length;

    public static double ExactLruHitRatio(int[] trace, int capacity) => (double)ExactLruHits(trace, capacity) / trace.Length;

    /// <summary>Replays a trace through <see cref="LruCache{TKey, TValue}"/> (TryGetValue, TryAdd on a miss) and counts
    /// the hits; throws if the cache ever holds more than <paramref name="capacity"/> entries.</summary>
    public static long LruCacheHits(int[] trace, int capacity)
    {
        var cache = new LruCache<int, int>(capacity);
        long hits = 0;
        foreach (int key in trace)
        {
            if (cache.TryGetValue(key, out _))
            {
                hits++;
            }
            else
            {
                cache.TryAdd(key, key);
            }

            if (cache.Count > capacity)
            {
                throw new InvalidOperationException("Count exceeded capacity.");
            }
        }

        return hits;
    }

    /// <summary>Replays a trace through the exact-LRU reference at the same capacity and counts the hits.</summary>
    public static long ExactLruHits(int[] trace, int capacity)
    {
        var cache = new LockedLinkedListLru<int, int>(capacity);
        long hits = 0;
        foreach (int key in trace)
        {
            if (cache.TryGetValue(key, out _))
            {
                hits++;
            }
            else
            {
                cache.GetOrAdd(key, static k => k);
            }
        }

        return hits;
    }
}
