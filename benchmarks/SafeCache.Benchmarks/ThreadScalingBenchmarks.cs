using System;
using System.Collections.Concurrent;
using System.Threading;
using BitFaster.Caching.Lru;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Memory;
using SafeCache.Benchmarks.Reference;

namespace SafeCache.Benchmarks;

/// <summary>
/// 100% reads on 1 and 2 threads. Each invocation runs <see cref="Threads"/> threads that each look up
/// <see cref="OpsPerThread"/> cached keys; the reported time is per lookup of the whole run, so the 2-thread
/// throughput gain is (1-thread ns/op) / (2-thread ns/op).
/// </summary>
[Config(typeof(ShortConfig))]
public class ThreadScalingBenchmarks
{
    private const int Keys = 1_000;
    private const int OpsPerThread = 1 << 21;
    private LruCache<int, int> _lru = null!;
    private ConcurrentDictionary<int, int> _dictionary = null!;
    private MemoryCache _memoryCache = null!;
    private LockedLinkedListLru<int, int> _locked = null!;
    private ConcurrentLru<int, int> _bfLru = null!;
    private LruCache<int, int> _mixedLru = null!;
    private ConcurrentLru<int, int> _mixedBfLru = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_lru, _dictionary, _memoryCache, _locked) = Contenders.Prefilled(Keys);
        (_bfLru, _, _) = Contenders.PrefilledBitFaster(Keys);
        _mixedLru = Contenders.LruCache(Keys);
        _mixedBfLru = Contenders.ConcurrentLru(Keys);
        for (int i = 0; i < Keys / 2; i++)
        {
            _mixedLru[i] = i;
            _mixedBfLru.AddOrUpdate(i, i);
        }
    }

    [Benchmark]
    public long BitFaster_ConcurrentLru_reads() => Run(t =>
    {
        long sum = 0;
        for (int i = 0; i < OpsPerThread; i++)
        {
            _bfLru.TryGet((i + t) % Keys, out int v);
            sum += v;
        }

        return sum;
    });

    /// <summary>50% reads of a small hot set (always hits after warm-up), 50% GetOrAdd of new keys (each a miss that
    /// inserts and evicts): the write path under 1 and 2 threads.</summary>
    [Benchmark]
    public long LruCache_half_reads_half_misses() => Run(t =>
    {
        long sum = 0;
        int fresh = 1_000_000 * (t + 1);
        for (int i = 0; i < OpsPerThread / 8; i++)
        {
            sum += (i & 1) == 0 ? _mixedLru.GetOrAdd(i & 63, static k => k) : _mixedLru.GetOrAdd(fresh++, static k => k);
        }

        return sum;
    });

    [Benchmark]
    public long BitFaster_ConcurrentLru_half_reads_half_misses() => Run(t =>
    {
        long sum = 0;
        int fresh = 1_000_000 * (t + 1);
        for (int i = 0; i < OpsPerThread / 8; i++)
        {
            sum += (i & 1) == 0 ? _mixedBfLru.GetOrAdd(i & 63, static k => k) : _mixedBfLru.GetOrAdd(fresh++, static k => k);
        }

        return sum;
    });

    [GlobalCleanup]
    public void Cleanup() => _memoryCache.Dispose();

    [Benchmark(Baseline = true)]
    public long ConcurrentDictionary_reads() => Run(t =>
    {
        long sum = 0;
        for (int i = 0; i < OpsPerThread; i++)
        {
            _dictionary.TryGetValue((i + t) % Keys, out int v);
            sum += v;
        }

        return sum;
    });

    [Benchmark]
    public long LruCache_reads() => Run(t =>
    {
        long sum = 0;
        for (int i = 0; i < OpsPerThread; i++)
        {
            _lru.TryGetValue((i + t) % Keys, out int v);
            sum += v;
        }

        return sum;
    });

    [Benchmark]
    public long MemoryCache_reads() => Run(t =>
    {
        long sum = 0;
        for (int i = 0; i < OpsPerThread; i++)
        {
            _memoryCache.TryGetValue((i + t) % Keys, out int v);
            sum += v;
        }

        return sum;
    });

    [Benchmark]
    public long LockedLinkedListLru_reads() => Run(t =>
    {
        long sum = 0;
        for (int i = 0; i < OpsPerThread; i++)
        {
            _locked.TryGetValue((i + t) % Keys, out int v);
            sum += v;
        }

        return sum;
    });

    private long Run(Func<int, long> body)
    {
        if (Threads == 1)
        {
            return body(0);
        }

        var results = new long[Threads];
        var threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int id = t;
            threads[t] = new Thread(() => results[id] = body(id * 97));
            threads[t].Start();
        }

        long total = 0;
        for (int t = 0; t < Threads; t++)
        {
            threads[t].Join();
            total += results[t];
        }

        return total;
    }
}
