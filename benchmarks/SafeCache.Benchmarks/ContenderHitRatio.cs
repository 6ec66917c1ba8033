using System;
using System.Collections.Generic;
using BitFaster.Caching;
using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using BitFaster.Caching.Scheduler;

namespace SafeCache.Benchmarks;

/// <summary>
/// Replays a trace through BitFaster.Caching's caches (the contenders of the hit-ratio table) with the same protocol as
/// <see cref="HitRatioSimulator"/>: look up, and store on a miss. <c>ConcurrentLfu</c> runs its maintenance on the
/// calling thread (<see cref="ForegroundScheduler"/>), so a replay is deterministic.
/// </summary>
public static class ContenderHitRatio
{
    public static long ConcurrentLruHits(int[] trace, int capacity) => Replay(new ConcurrentLru<int, int>(capacity), trace);

    public static long ConcurrentLfuHits(int[] trace, int capacity) =>
        Replay(new ConcurrentLfu<int, int>(1, capacity, new ForegroundScheduler(), EqualityComparer<int>.Default), trace);

    private static long Replay(ICache<int, int> cache, int[] trace)
    {
        long hits = 0;
        foreach (int key in trace)
        {
            if (cache.TryGet(key, out _))
            {
                hits++;
            }
            else
            {
                cache.AddOrUpdate(key, key);
            }
        }

        return hits;
    }
}
