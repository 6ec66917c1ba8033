using System.Collections.Concurrent;
using System.Collections.Generic;
using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Caching.Memory;
using SafeCache.Benchmarks.Reference;

namespace SafeCache.Benchmarks;

/// <summary>Builds the four contenders with the same keys and capacity.</summary>
internal static class Contenders
{
    public static LruCache<int, int> LruCache(int capacity) => new(capacity);

    public static ConcurrentDictionary<int, int> Dictionary() => new();

    public static MemoryCache MemoryCache(int capacity) => new(new MemoryCacheOptions { SizeLimit = capacity });

    public static LockedLinkedListLru<int, int> LockedLru(int capacity) => new(capacity);

    public static ConcurrentLru<int, int> ConcurrentLru(int capacity) => new(capacity);

    public static FastConcurrentLru<int, int> FastConcurrentLru(int capacity) => new(capacity);

    /// <summary>BitFaster's W-TinyLFU with its default scheduler (maintenance on the thread pool), as users build it.</summary>
    public static ConcurrentLfu<int, int> ConcurrentLfu(int capacity) => new(capacity);

    /// <summary>BitFaster's three caches, each holding keys 0..keys-1 (value = key).</summary>
    public static (ConcurrentLru<int, int> Lru, FastConcurrentLru<int, int> Fast, ConcurrentLfu<int, int> Lfu) PrefilledBitFaster(int keys)
    {
        var lru = ConcurrentLru(keys);
        var fast = FastConcurrentLru(keys);
        var lfu = ConcurrentLfu(keys);
        for (int i = 0; i < keys; i++)
        {
            lru.AddOrUpdate(i, i);
            fast.AddOrUpdate(i, i);
            lfu.AddOrUpdate(i, i);
        }

        lfu.DoMaintenance();
        return (lru, fast, lfu);
    }

    public static readonly MemoryCacheEntryOptions SizeOne = new() { Size = 1 };

    /// <summary>The four contenders, each holding keys 0..keys-1 (value = key): the setup of the read benchmarks.</summary>
    public static (LruCache<int, int> Lru, ConcurrentDictionary<int, int> Dictionary, MemoryCache MemoryCache, LockedLinkedListLru<int, int> Locked) Prefilled(int keys)
    {
        var lru = LruCache(keys);
        var dictionary = Dictionary();
        var memoryCache = MemoryCache(keys * 2);
        var locked = LockedLru(keys);
        for (int i = 0; i < keys; i++)
        {
            lru.TryAdd(i, i);
            dictionary.TryAdd(i, i);
            memoryCache.Set(i, i, SizeOne);
            locked.GetOrAdd(i, static k => k);
        }

        return (lru, dictionary, memoryCache, locked);
    }
}
