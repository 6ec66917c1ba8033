using System;
using System.Collections.Generic;

namespace SafeCache.Benchmarks;

/// <summary>
/// <c>-- hitratio</c>: replays deterministic traces through LruCache, the exact-LRU reference and BitFaster.Caching's
/// <c>ConcurrentLru</c> and <c>ConcurrentLfu</c> at equal capacity, prints a markdown table and returns 1 if LruCache is
/// below any contender on any trace.
/// </summary>
public static class HitRatioReport
{
    public static int Run()
    {
        const int keySpace = 10_000;
        const int length = 1_000_000;
        var traces = new List<(string Name, int Capacity, int[] Trace)>();
        foreach (double skew in new[] { 0.5, 0.86 })
        {
            int[] zipf = Traces.Zipf(keySpace, skew, length, seed: 42);
            int[] scans = Traces.ZipfWithScans(keySpace, skew, length, seed: 42, scanEvery: 20_000, scanLength: 2_000);
            foreach (double fraction in new[] { 0.01, 0.10, 0.40 })
            {
                int capacity = (int)(keySpace * fraction);
                traces.Add(($"Zipf {skew}", capacity, zipf));
                traces.Add(($"Zipf {skew} + scans", capacity, scans));
            }
        }

        foreach (int capacity in new[] { 100, 1000 })
        {
            traces.Add(("Loop 1.2x capacity", capacity, Traces.Loop((int)(capacity * 1.2), 50)));
        }

        foreach ((string name, int[] trace) in Traces.WorkloadModels(length, seed: 42))
        {
            foreach (int capacity in new[] { 100, 1000, 4000 })
            {
                traces.Add((name, capacity, trace));
            }
        }

        Console.WriteLine($"Hit ratio: Zipf traces over {keySpace:N0} keys, {length:N0} accesses (scans: 2,000 new keys every 20,000 accesses)");
        Console.WriteLine();
        Console.WriteLine("| Trace | Capacity | Exact LRU | ConcurrentLru | ConcurrentLfu | LruCache | vs best contender |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        bool allOk = true;
        foreach ((string name, int capacity, int[] trace) in traces)
        {
            double n = trace.Length;
            double exact = HitRatioSimulator.ExactLruHits(trace, capacity) / n;
            double lru = ContenderHitRatio.ConcurrentLruHits(trace, capacity) / n;
            double lfu = ContenderHitRatio.ConcurrentLfuHits(trace, capacity) / n;
            double ours = HitRatioSimulator.LruCacheHits(trace, capacity) / n;
            double best = Math.Max(lru, lfu);
            bool ok = ours + 1e-12 >= best;
            allOk &= ok;
            Console.WriteLine(
                $"| {name} | {capacity:N0} | {exact:P2} | {lru:P2} | {lfu:P2} | {(ok ? "" : "**below** ")}{ours:P2} | " +
                $"{(ours - best) * 100:+0.00;-0.00} pp |");
        }

        Console.WriteLine();
        Console.WriteLine(allOk
            ? "LruCache >= ConcurrentLru and >= ConcurrentLfu on every trace."
            : "LruCache is BELOW a contender on at least one trace.");
        return allOk ? 0 : 1;
    }
}
