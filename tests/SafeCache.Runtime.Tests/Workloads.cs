using System;
using System.Collections.Generic;

namespace SafeCache.Runtime.Tests;

/// <summary>Deterministic traces and an exact-LRU reference for hit-ratio properties.</summary>
internal static class Workloads
{
    public static int[] Zipf(int keySpace, double skew, int length, int seed)
    {
        var cdf = new double[keySpace];
        double sum = 0;
        for (int i = 0; i < keySpace; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, skew);
            cdf[i] = sum;
        }

        var random = new Random(seed);
        var permutation = new int[keySpace];
        for (int i = 0; i < keySpace; i++)
        {
            permutation[i] = i;
        }

        for (int i = keySpace - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }

        var trace = new int[length];
        for (int n = 0; n < length; n++)
        {
            int idx = Array.BinarySearch(cdf, random.NextDouble() * sum);
            trace[n] = permutation[Math.Min(idx < 0 ? ~idx : idx, keySpace - 1)];
        }

        return trace;
    }

    public static int[] WithScans(int[] trace, int scanEvery, int scanLength, int firstScanKey)
    {
        var result = new List<int>(trace.Length * 2);
        int next = firstScanKey;
        for (int i = 0; i < trace.Length; i++)
        {
            result.Add(trace[i]);
            if ((i + 1) % scanEvery == 0)
            {
                for (int s = 0; s < scanLength; s++)
                {
                    result.Add(next++);
                }
            }
        }

        return result.ToArray();
    }

    public static int[] Loop(int length, int rounds)
    {
        var trace = new int[length * rounds];
        for (int i = 0; i < trace.Length; i++)
        {
            trace[i] = i % length;
        }

        return trace;
    }

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

    public static long ExactLruHits(int[] trace, int capacity)
    {
        var map = new Dictionary<int, LinkedListNode<int>>();
        var list = new LinkedList<int>();
        long hits = 0;
        foreach (int key in trace)
        {
            if (map.TryGetValue(key, out var node))
            {
                hits++;
                list.Remove(node);
                list.AddFirst(node);
                continue;
            }

            if (map.Count == capacity)
            {
                map.Remove(list.Last!.Value);
                list.RemoveLast();
            }

            map[key] = list.AddFirst(key);
        }

        return hits;
    }
}
