namespace SafeCache;

/// <summary>
/// A snapshot of a cache's statistics: the counterpart of the <c>CacheInfo</c> named tuple returned by
/// Python's <c>functools.lru_cache(...).cache_info()</c>.
/// </summary>
/// <param name="Hits">Lookups that found a cached value. Approximate under heavy concurrency (see remarks).</param>
/// <param name="Misses">Lookups that did not find a cached value. Approximate under heavy concurrency.</param>
/// <param name="Evictions">Entries the cache dropped to stay within <paramref name="Capacity"/>.</param>
/// <param name="Capacity">The maximum number of entries the cache holds.</param>
/// <param name="Count">The number of entries at the time of the snapshot.</param>
/// <remarks>
/// Hit and miss counters are striped per thread and incremented without interlocked instructions so that a
/// cache hit stays as cheap as a dictionary lookup. Two threads that share a stripe can occasionally lose an
/// increment, so the counts are a close approximation under contention and exact on a single thread.
/// </remarks>
public readonly record struct CacheInfo(long Hits, long Misses, long Evictions, int Capacity, int Count)
{
    /// <summary>Gets the fraction of lookups that were hits, from 0 to 1; 0 when there were no lookups.</summary>
    public double HitRatio
    {
        get
        {
            long total = Hits + Misses;
            return total == 0 ? 0d : (double)Hits / total;
        }
    }
}
