using System.Collections.Concurrent;
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

    public static readonly MemoryCacheEntryOptions SizeOne = new() { Size = 1 };
}
