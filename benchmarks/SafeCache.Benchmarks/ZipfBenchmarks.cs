using System.Collections.Concurrent;
using BitFaster.Caching.Lfu;
using BitFaster.Caching.Lru;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using SafeCache.Benchmarks.Reference;

namespace SafeCache.Benchmarks;

/// <summary>
/// GetOrAdd over a Zipf stream of 10,000 keys with capacity 1,000: the miss+evict path mixed with hits
/// (skew 0.86: about 40% misses for LRU) and the Zipf(0.9) mixed workload. ns/op and bytes/op are per access.
/// </summary>
[Config(typeof(ShortConfig))]
public class ZipfBenchmarks
{
    private const int KeySpace = 10_000;
    private const int Capacity = 1_000;
    private const int TraceLength = 1 << 16;
    private int[] _trace = null!;
    private LruCache<int, int> _lru = null!;
    private ConcurrentDictionary<int, int> _dictionary = null!;
    private MemoryCache _memoryCache = null!;
    private LockedLinkedListLru<int, int> _locked = null!;
    private ConcurrentLru<int, int> _bfLru = null!;
    private FastConcurrentLru<int, int> _bfFast = null!;
    private ConcurrentLfu<int, int> _bfLfu = null!;

    [Params(0.86)]
    public double Skew { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _trace = Traces.Zipf(KeySpace, Skew, TraceLength, seed: 1);
        _lru = Contenders.LruCache(Capacity);
        _dictionary = Contenders.Dictionary();
        _memoryCache = Contenders.MemoryCache(Capacity);
        _locked = Contenders.LockedLru(Capacity);
        _bfLru = Contenders.ConcurrentLru(Capacity);
        _bfFast = Contenders.FastConcurrentLru(Capacity);
        _bfLfu = Contenders.ConcurrentLfu(Capacity);
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public long BitFaster_ConcurrentLru_GetOrAdd()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _bfLru.GetOrAdd(key, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public long BitFaster_FastConcurrentLru_GetOrAdd()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _bfFast.GetOrAdd(key, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public long BitFaster_ConcurrentLfu_GetOrAdd()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _bfLfu.GetOrAdd(key, static k => k);
        }

        return sum;
    }

    [GlobalCleanup]
    public void Cleanup() => _memoryCache.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = TraceLength)]
    public long ConcurrentDictionary_GetOrAdd_unbounded()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _dictionary.GetOrAdd(key, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public long LruCache_GetOrAdd()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _lru.GetOrAdd(key, static k => k);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public long MemoryCache_GetOrCreate()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _memoryCache.GetOrCreate(key, static entry =>
            {
                entry.Size = 1;
                return (int)entry.Key;
            });
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = TraceLength)]
    public long LockedLinkedListLru_GetOrAdd()
    {
        long sum = 0;
        foreach (int key in _trace)
        {
            sum += _locked.GetOrAdd(key, static k => k);
        }

        return sum;
    }
}
