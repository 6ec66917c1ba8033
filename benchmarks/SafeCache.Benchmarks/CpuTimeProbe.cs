using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SafeCache.Benchmarks;

/// <summary>
/// <c>-- cputime</c>: the hit, Zipf and miss paths of <see cref="LruCache{TKey, TValue}"/> timed in the thread's own CPU
/// time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; wall time elsewhere), best of 30 repetitions. On a machine shared with
/// other busy processes, wall-clock benchmarks mostly measure time slicing; the best thread-CPU time of many short
/// repetitions is a stable comparison of two builds run alternately.
/// </summary>
public static class CpuTimeProbe
{
    private const int Keys = 1_000;
    private const int Inner = 100;
    private const int TraceLength = 1 << 16;

    public static int Run()
    {
        var hits = new LruCache<int, int>(Keys);
        (var bfLru, var bfFast, _) = Contenders.PrefilledBitFaster(Keys);
        for (int i = 0; i < Keys; i++)
        {
            hits[i] = i;
        }

        int[] zipf = Traces.Zipf(10_000, 0.86, TraceLength, seed: 1);
        var zipfCache = new LruCache<int, int>(Keys);
        var zipfBf = Contenders.ConcurrentLru(Keys);
        var missCache = new LruCache<int, int>(Keys);
        var missBf = Contenders.ConcurrentLru(Keys);
        int next = 0;

        long HitLoop(Func<int, int> get)
        {
            long sum = 0;
            for (int n = 0; n < Inner; n++)
            {
                for (int i = 0; i < Keys; i++)
                {
                    sum += get(i);
                }
            }

            return sum;
        }

        long TryGetValueHit()
        {
            long sum = 0;
            for (int n = 0; n < Inner; n++)
            {
                for (int i = 0; i < Keys; i++)
                {
                    hits.TryGetValue(i, out int v);
                    sum += v;
                }
            }

            return sum;
        }

        long FastTryGetHit()
        {
            long sum = 0;
            for (int n = 0; n < Inner; n++)
            {
                for (int i = 0; i < Keys; i++)
                {
                    bfFast.TryGet(i, out int v);
                    sum += v;
                }
            }

            return sum;
        }

        long LruTryGetHit()
        {
            long sum = 0;
            for (int n = 0; n < Inner; n++)
            {
                for (int i = 0; i < Keys; i++)
                {
                    bfLru.TryGet(i, out int v);
                    sum += v;
                }
            }

            return sum;
        }

        long GetOrAddHit() => HitLoop(i => hits.GetOrAdd(i, static k => k));

        long ZipfGetOrAdd()
        {
            long sum = 0;
            foreach (int key in zipf)
            {
                sum += zipfCache.GetOrAdd(key, static k => k);
            }

            return sum;
        }

        long ZipfBitFaster()
        {
            long sum = 0;
            foreach (int key in zipf)
            {
                sum += zipfBf.GetOrAdd(key, static k => k);
            }

            return sum;
        }

        long Miss()
        {
            long sum = 0;
            for (int i = 0; i < TraceLength; i++)
            {
                sum += missCache.GetOrAdd(next++, static k => k);
            }

            return sum;
        }

        long MissBitFaster()
        {
            long sum = 0;
            for (int i = 0; i < TraceLength; i++)
            {
                sum += missBf.GetOrAdd(next++, static k => k);
            }

            return sum;
        }

        Func<long>[] bodies = { TryGetValueHit, FastTryGetHit, LruTryGetHit, GetOrAddHit, ZipfGetOrAdd, ZipfBitFaster, Miss, MissBitFaster };
        for (int warmup = 0; warmup < 5; warmup++)
        {
            foreach (Func<long> body in bodies)
            {
                body();
            }
        }

        Console.WriteLine("CPU ns per operation, best of 30 (each pair measured back to back):");
        Console.WriteLine($"  TryGetValue hit:  LruCache {Best(TryGetValueHit, Inner * Keys):F2}  FastConcurrentLru {Best(FastTryGetHit, Inner * Keys):F2}  ConcurrentLru {Best(LruTryGetHit, Inner * Keys):F2}");
        Console.WriteLine($"  GetOrAdd hit:     LruCache {Best(GetOrAddHit, Inner * Keys):F2}");
        Console.WriteLine($"  GetOrAdd Zipf 0.86 (capacity 1,000, 10,000 keys):  LruCache {Best(ZipfGetOrAdd, TraceLength):F1}  ConcurrentLru {Best(ZipfBitFaster, TraceLength):F1}");
        Console.WriteLine($"  GetOrAdd miss + evict:  LruCache {Best(Miss, TraceLength):F1}  ConcurrentLru {Best(MissBitFaster, TraceLength):F1}");
        Console.WriteLine($"  Bytes per operation: TryGetValue hit {Allocated(TryGetValueHit, Inner * Keys):F1}, GetOrAdd miss {Allocated(Miss, TraceLength):F1} (LruCache); GetOrAdd miss {Allocated(MissBitFaster, TraceLength):F1} (ConcurrentLru)");
        MixedProfile.Run();
        return 0;
    }

    private static double Allocated(Func<long> body, int operations)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        body();
        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / operations;
    }

    private static double Best(Func<long> body, int operations)
    {
        double best = double.MaxValue;
        for (int r = 0; r < 30; r++)
        {
            long start = ThreadCpuNanoseconds();
            body();
            best = Math.Min(best, (double)(ThreadCpuNanoseconds() - start) / operations);
        }

        return best;
    }

    internal static long ThreadCpuNanoseconds()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out TimeSpec t) == 0)
        {
            return (t.Seconds * 1_000_000_000) + t.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
#pragma warning disable SA1300, IDE1006 // the C function's name
    private static extern int clock_gettime(int clock, out TimeSpec time);
#pragma warning restore SA1300, IDE1006

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
