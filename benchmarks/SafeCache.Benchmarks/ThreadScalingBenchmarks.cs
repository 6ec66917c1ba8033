using System;
using System.Collections.Concurrent;
using System.Threading;
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

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => (_lru, _dictionary, _memoryCache, _locked) = Contenders.Prefilled(Keys);

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
