using System;
using System.Threading;
using BitFaster.Caching.Lru;

namespace SafeCache.Benchmarks;

/// <summary>
/// The write path's contention profile (part of <c>-- cputime</c>): 50% GetOrAdd hits on a small hot set, 50% GetOrAdd
/// misses that insert and evict, on 1 and 2 threads, for LruCache and BitFaster's ConcurrentLru. Reports the threads'
/// CPU time per operation and the monitor contentions per 1,000 operations (<see cref="Monitor.LockContentionCount"/>,
/// process-wide: LruCache's write lock; ConcurrentLru's are the locks inside its ConcurrentDictionary), which are
/// meaningful even where the machine cannot run two tight loops in parallel.
/// </summary>
internal static class MixedProfile
{
    private const int Capacity = 1_000;
    private const int OpsPerThread = 1 << 19;

    public static void Run()
    {
        Console.WriteLine("50% hits / 50% misses, CPU ns per operation (all threads) and monitor contentions per 1,000 operations, best of 5:");
        foreach (int threads in new[] { 1, 2 })
        {
            (double lruCpu, double lruCont) = Measure(threads, () =>
            {
                var cache = new LruCache<int, int>(Capacity);
                return (k) => cache.GetOrAdd(k, static x => x);
            });
            (double bfCpu, double bfCont) = Measure(threads, () =>
            {
                var cache = new ConcurrentLru<int, int>(Capacity);
                return (k) => cache.GetOrAdd(k, static x => x);
            });
            Console.WriteLine($"  {threads} thread(s):  LruCache {lruCpu:F1} ns, {lruCont:F2} contentions  ConcurrentLru {bfCpu:F1} ns, {bfCont:F2} contentions");
        }
    }

    private static (double CpuNs, double ContentionsPerThousand) Measure(int threads, Func<Func<int, int>> create)
    {
        double bestCpu = double.MaxValue, bestContention = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            Func<int, int> getOrAdd = create();
            for (int k = 0; k < 64; k++)
            {
                getOrAdd(k);
            }

            long cpu = 0;
            long contentionBefore = Monitor.LockContentionCount;
            var workers = new Thread[threads];
            using var start = new ManualResetEventSlim();
            for (int t = 0; t < threads; t++)
            {
                int id = t;
                workers[t] = new Thread(() =>
                {
                    start.Wait();
                    long begin = CpuTimeProbe.ThreadCpuNanoseconds();
                    int fresh = 1_000_000 * (id + 1);
                    long sum = 0;
                    for (int i = 0; i < OpsPerThread; i++)
                    {
                        sum += getOrAdd((i & 1) == 0 ? i & 63 : fresh++);
                    }

                    Interlocked.Add(ref cpu, CpuTimeProbe.ThreadCpuNanoseconds() - begin + (sum & 0));
                });
                workers[t].Start();
            }

            start.Set();
            foreach (Thread worker in workers)
            {
                worker.Join();
            }

            long operations = (long)OpsPerThread * threads;
            bestCpu = Math.Min(bestCpu, (double)cpu / operations);
            bestContention = Math.Min(bestContention, (Monitor.LockContentionCount - contentionBefore) * 1000.0 / operations);
        }

        return (bestCpu, bestContention);
    }
}
