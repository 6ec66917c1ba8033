using System;
using System.Collections.Generic;
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

    public static int Run()
    {
        const int keySpace = 10_000;
        const int length = 1_000_000;
        var rows = new List<(string Trace, int Capacity, double Lru, double Safe)>();
        bool allOk = true;
        foreach (double skew in new[] { 0.5, 0.86 })
        {
            int[] zipf = Traces.Zipf(keySpace, skew, length, seed: 42);
            int[] scans = Traces.ZipfWithScans(keySpace, skew, length, seed: 42, scanEvery: 20_000, scanLength: 2_000);
            foreach (double fraction in new[] { 0.01, 0.10, 0.40 })
            {
                int capacity = (int)(keySpace * fraction);
                rows.Add(($"Zipf {skew}", capacity, ExactLruHitRatio(zipf, capacity), LruCacheHitRatio(zipf, capacity)));
                rows.Add(($"Zipf {skew} + scans", capacity, ExactLruHitRatio(scans, capacity), LruCacheHitRatio(scans, capacity)));
            }
        }

        foreach (int capacity in new[] { 100, 1000 })
        {
            int[] loop = Traces.Loop((int)(capacity * 1.2), 50);
            rows.Add(("Loop 1.2x capacity", capacity, ExactLruHitRatio(loop, capacity), LruCacheHitRatio(loop, capacity)));
        }

        Console.WriteLine($"Hit ratio, {keySpace:N0} keys, {length:N0} accesses per Zipf trace (scans: 2,000 new keys every 20,000 accesses)");
        Console.WriteLine();
        Console.WriteLine("| Trace | Capacity | Exact LRU | LruCache | Relative |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            string relative = row.Lru == 0 ? "n/a" : $"{(row.Safe / row.Lru) - 1:+0.0%;-0.0%}";
            Console.WriteLine($"| {row.Trace} | {row.Capacity:N0} | {row.Lru:P2} | {row.Safe:P2} | {relative} |");
            if (row.Safe + 1e-9 < row.Lru)
            {
                allOk = false;
            }
        }

        Console.WriteLine();
        Console.WriteLine(allOk ? "LruCache >= exact LRU on every trace." : "LruCache is BELOW exact LRU on at least one trace.");
        return allOk ? 0 : 1;
    }
}
