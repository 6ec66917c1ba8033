using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using BenchmarkDotNet.Attributes;

namespace SafeCache.Benchmarks;

/// <summary>The miss path on one thread: GetOrAdd of keys never seen before into a full cache of 1,000 (every call
/// inserts and evicts). ns/op and bytes/op are per miss.</summary>
[Config(typeof(ShortConfig))]
public class MissBenchmarks
{
    private const int Capacity = 1_000;
    private const int Operations = 1 << 16;
    private LruCache<int, int> _lru = null!;
    private ConcurrentLru<int, int> _bfLru = null!;
    private FastConcurrentLru<int, int> _bfFast = null!;
    private ConcurrentLfu<int, int> _bfLfu = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _lru = Contenders.LruCache(Capacity);
        _bfLru = Contenders.ConcurrentLru(Capacity);
        _bfFast = Contenders.FastConcurrentLru(Capacity);
        _bfLfu = Contenders.ConcurrentLfu(Capacity);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long LruCache_GetOrAdd_miss()
    {
        long sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            sum += _lru.GetOrAdd(_next++, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BitFaster_ConcurrentLru_GetOrAdd_miss()
    {
        long sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            sum += _bfLru.GetOrAdd(_next++, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BitFaster_FastConcurrentLru_GetOrAdd_miss()
    {
        long sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            sum += _bfFast.GetOrAdd(_next++, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long BitFaster_ConcurrentLfu_GetOrAdd_miss()
    {
        long sum = 0;
        for (int i = 0; i < Operations; i++)
        {
            sum += _bfLfu.GetOrAdd(_next++, static k => k);
        }

        return sum;
    }
}
