using System.Collections.Concurrent;
using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using SafeCache.Benchmarks.Reference;

namespace SafeCache.Benchmarks;

/// <summary>The hit path on one thread: 1,000 keys, all cached, looked up in order.</summary>
[Config(typeof(ShortConfig))]
public class HitBenchmarks
{
    private const int Keys = 1_000;
    private LruCache<int, int> _lru = null!;
    private ConcurrentDictionary<int, int> _dictionary = null!;
    private MemoryCache _memoryCache = null!;
    private LockedLinkedListLru<int, int> _locked = null!;
    private ConcurrentLru<int, int> _bfLru = null!;
    private FastConcurrentLru<int, int> _bfFast = null!;
    private ConcurrentLfu<int, int> _bfLfu = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_lru, _dictionary, _memoryCache, _locked) = Contenders.Prefilled(Keys);
        (_bfLru, _bfFast, _bfLfu) = Contenders.PrefilledBitFaster(Keys);
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int BitFaster_ConcurrentLru_TryGet()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _bfLru.TryGet(i, out int v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int BitFaster_FastConcurrentLru_TryGet()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _bfFast.TryGet(i, out int v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int BitFaster_ConcurrentLfu_TryGet()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _bfLfu.TryGet(i, out int v);
            sum += v;
        }

        return sum;
    }

    [GlobalCleanup]
    public void Cleanup() => _memoryCache.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys)]
    public int ConcurrentDictionary_TryGetValue()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _dictionary.TryGetValue(i, out int v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int LruCache_TryGetValue()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _lru.TryGetValue(i, out int v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int LruCache_GetOrAdd_hit()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            sum += _lru.GetOrAdd(i, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int MemoryCache_TryGetValue()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _memoryCache.TryGetValue(i, out int v);
            sum += v;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int LockedLinkedListLru_TryGetValue()
    {
        int sum = 0;
        for (int i = 0; i < Keys; i++)
        {
            _locked.TryGetValue(i, out int v);
            sum += v;
        }

        return sum;
    }
}
