using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;

namespace SafeCache.Runtime.Tests;

/// <summary>
/// Linearizability of small concurrent histories: three threads each run up to three random operations on a key
/// space of two keys (synchronous and asynchronous loads with slow factories, reads, adds, sets, removes, updates, Clear) against a cache large
/// enough never to evict. Each operation records its result and its invocation and response on a shared clock; the
/// history passes if some order of the operations that respects each thread's order and real time (an operation that
/// responded before another was invoked comes first), replayed on a dictionary, gives every operation the result it
/// observed and ends with the cache's contents. Runs <see cref="CheckTime.Seconds"/> seconds (SAFECACHE_CHECK_SECONDS
/// for longer).
/// </summary>
public class LruCacheLinearizabilityTests
{
    private const int Threads = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Loads are drawn four times as often as each other kind (and removes twice): the interesting histories detach a
    // load in flight (a store then a remove of its key, or Clear) while another load of the key starts.
    private static readonly Kind[] Kinds =
    {
        Kind.GetOrAdd, Kind.GetOrAdd, Kind.GetOrAdd, Kind.GetOrAdd, Kind.GetOrAddAsync, Kind.GetOrAddAsync, Kind.TryGetValue, Kind.TryAdd, Kind.IndexerSet,
        Kind.TryRemove, Kind.TryRemove, Kind.AddOrUpdate, Kind.TryUpdate, Kind.Clear,
    };

    private static readonly Gen<Op> GenOp = Gen.Select(Gen.Int[0, Kinds.Length - 1], Gen.Int[0, 1], Gen.Int[0, 2_000])
        .Select((kind, key, spin) => new Op(Kinds[kind], key, spin));

    private static readonly Gen<(int[] Initial, Op[][] Threads)> GenHistory =
        Gen.Select(Gen.Int[-1, 2].Array[3], GenOp.Array[1, 3].Array[Threads]);

    public enum Kind
    {
        GetOrAdd, GetOrAddAsync, TryGetValue, TryAdd, IndexerSet, TryRemove, AddOrUpdate, TryUpdate, Clear,
    }

    [Fact]
    public void Small_concurrent_histories_are_linearizable()
    {
        GenHistory.Sample(h => Check(h.Initial, h.Threads), iter: int.MaxValue, time: CheckTime.Seconds, threads: 1);
    }

    private static void Check(int[] initial, Op[][] threads)
    {
        var cache = new LruCache<int, int>(16);
        var start = new Dictionary<int, int>();
        for (int k = 0; k < initial.Length; k++)
        {
            if (initial[k] >= 0)
            {
                cache[k] = initial[k];
                start[k] = initial[k];
            }
        }

        // Values are unique per operation (thread, index), so a result names the operation that stored it.
        long clock = 0;
        var records = threads.Select(ops => new Record[ops.Length]).ToArray();
        using var barrier = new Barrier(Threads);
        Task[] tasks = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            barrier.SignalAndWait(Timeout);
            for (int i = 0; i < threads[t].Length; i++)
            {
                Op op = threads[t][i];
                int value = Value(t, i);
                long invoked = Interlocked.Increment(ref clock);
                long result = Apply(cache, op, value, () => AwaitProgress(ref clock, op.Spin));
                records[t][i] = new Record(op, value, invoked, Interlocked.Increment(ref clock), result);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Assert.True(Task.WaitAll(tasks, Timeout), "a history hung");

        var final = cache.ToDictionary(p => p.Key, p => p.Value);
        Assert.True(
            Linearizes(records, new int[Threads], start, final),
            "not linearizable: initial " + string.Join(",", initial) + "; " +
            string.Join(" | ", records.Select((r, t) => $"T{t}: " + string.Join("; ", r.Select(x => x.ToString())))) +
            "; final " + string.Join(",", final.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")));
    }

    /// <summary>Depth-first search over the orders that respect thread order and real time.</summary>
    private static bool Linearizes(Record[][] records, int[] next, Dictionary<int, int> model, Dictionary<int, int> final)
    {
        bool done = true;
        for (int t = 0; t < records.Length; t++)
        {
            if (next[t] == records[t].Length)
            {
                continue;
            }

            done = false;
            Record candidate = records[t][next[t]];

            // Real time: no pending operation of another thread may have responded before this one was invoked.
            bool allowed = true;
            for (int u = 0; u < records.Length && allowed; u++)
            {
                allowed = u == t || next[u] == records[u].Length || records[u][next[u]].Responded > candidate.Invoked;
            }

            var copy = new Dictionary<int, int>(model);
            if (!allowed || ApplyModel(copy, candidate.Op, candidate.Value) != candidate.Result)
            {
                continue;
            }

            next[t]++;
            bool ok = Linearizes(records, next, copy, final);
            next[t]--;
            if (ok)
            {
                return true;
            }
        }

        return done && model.Count == final.Count && model.All(p => final.TryGetValue(p.Key, out int v) && v == p.Value);
    }

    private static int Value(int thread, int index) => 100 + (thread * 10) + index;

    private static long Apply(LruCache<int, int> cache, Op op, int value, Action slow) => op.Kind switch
    {
        Kind.GetOrAdd => cache.GetOrAdd(op.Key, _ =>
        {
            slow();
            return value;
        }),
        Kind.GetOrAddAsync => LoadAsync(cache, op.Key, value, slow),
        Kind.TryGetValue => cache.TryGetValue(op.Key, out int v) ? v : -1,
        Kind.TryAdd => cache.TryAdd(op.Key, value) ? 1 : 0,
        Kind.IndexerSet => Set(cache, op.Key, value),
        Kind.TryRemove => cache.TryRemove(op.Key, out int removed) ? removed : -1,
        Kind.AddOrUpdate => cache.AddOrUpdate(op.Key, value, (_, old) => old + 1_000),
        Kind.TryUpdate => cache.TryUpdate(op.Key, value, Value(0, 0)) ? 1 : 0,
        _ => Clear(cache),
    };

    private static long ApplyModel(Dictionary<int, int> model, Op op, int value)
    {
        bool present = model.TryGetValue(op.Key, out int current);
        switch (op.Kind)
        {
            case Kind.GetOrAdd:
            case Kind.GetOrAddAsync:
                if (!present)
                {
                    model[op.Key] = value;
                }

                return present ? current : value;
            case Kind.TryGetValue:
                return present ? current : -1;
            case Kind.TryAdd:
                if (!present)
                {
                    model[op.Key] = value;
                }

                return present ? 0 : 1;
            case Kind.IndexerSet:
                model[op.Key] = value;
                return 0;
            case Kind.TryRemove:
                model.Remove(op.Key);
                return present ? current : -1;
            case Kind.AddOrUpdate:
                return model[op.Key] = present ? current + 1_000 : value;
            case Kind.TryUpdate:
                if (present && current == Value(0, 0))
                {
                    model[op.Key] = value;
                    return 1;
                }

                return 0;
            default:
                model.Clear();
                return 0;
        }
    }

    /// <summary>A factory waits (bounded) until the other threads have made a few more steps, so that loads overlap
    /// with other operations far more often than thread start-up skew alone would allow.</summary>
    private static void AwaitProgress(ref long clock, int spin)
    {
        long target = Volatile.Read(ref clock) + (spin % 5);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref clock) < target && waited.ElapsedMilliseconds < 20)
        {
            Thread.Yield();
        }
    }

    /// <summary>GetOrAddAsync with a factory that runs on this thread (a single-flight joiner blocks on the shared load).</summary>
    private static long LoadAsync(LruCache<int, int> cache, int key, int value, Action slow)
    {
        Task<int> task = cache.GetOrAddAsync(key, (_, _) =>
        {
            slow();
            return new ValueTask<int>(value);
        }).AsTask();
        Assert.True(task.Wait(Timeout), "an asynchronous load hung");
        return task.Result;
    }

    private static long Set(LruCache<int, int> cache, int key, int value)
    {
        cache[key] = value;
        return 0;
    }

    private static long Clear(LruCache<int, int> cache)
    {
        cache.Clear();
        return 0;
    }

    public readonly record struct Op(Kind Kind, int Key, int Spin);

    private readonly record struct Record(Op Op, int Value, long Invoked, long Responded, long Result);
}
