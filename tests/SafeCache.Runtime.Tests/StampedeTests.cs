using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache.Runtime.Tests;

public class StampedeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Concurrent_GetOrAdd_for_a_missing_key_runs_the_factory_once()
    {
        var cache = new LruCache<int, object>(16);
        int calls = 0;
        using var release = new ManualResetEventSlim(false);
        const int threads = 8;
        using var ready = new CountdownEvent(threads);
        var tasks = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            ready.Signal();
            return cache.GetOrAdd(42, k =>
            {
                Interlocked.Increment(ref calls);
                release.Wait(Timeout);
                return new object();
            });
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(ready.Wait(Timeout));
        Thread.Sleep(100); // let the other callers reach the gate (correctness does not depend on it)
        release.Set();
        Assert.True(Task.WaitAll(tasks, Timeout), "deadlock");
        Assert.Equal(1, calls);
        object first = tasks[0].Result;
        Assert.All(tasks, t => Assert.Same(first, t.Result));
        Assert.Same(first, cache[42]);
    }

    [Fact]
    public void A_failing_factory_reaches_every_waiter_and_nothing_is_cached()
    {
        var cache = new LruCache<int, int>(16);
        int calls = 0;
        using var release = new ManualResetEventSlim(false);
        const int threads = 6;
        using var ready = new CountdownEvent(threads);
        var tasks = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            ready.Signal();
            return cache.GetOrAdd(1, k =>
            {
                Interlocked.Increment(ref calls);
                release.Wait(Timeout);
                throw new FormatException("boom");
            });
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(ready.Wait(Timeout));
        Thread.Sleep(100);
        release.Set();
        Assert.Throws<AggregateException>(() => Task.WaitAll(tasks, Timeout));
        Assert.All(tasks, t =>
        {
            Assert.True(t.IsFaulted);
            Assert.Equal("boom", Assert.IsType<FormatException>(t.Exception!.InnerException).Message);
        });
        Assert.InRange(calls, 1, threads);
        Assert.False(cache.ContainsKey(1));
        Assert.Equal(0, cache.Count);

        Assert.Equal(5, cache.GetOrAdd(1, k => 5)); // the next call tries again
        Assert.Equal(5, cache[1]);
    }

    [Fact]
    public void A_failing_factory_on_one_thread_is_not_cached()
    {
        var cache = new LruCache<string, int>(4);
        Assert.Throws<InvalidTimeZoneException>(() => cache.GetOrAdd("k", k => throw new InvalidTimeZoneException()));
        Assert.False(cache.ContainsKey("k"));
        Assert.Equal(3, cache.GetOrAdd("k", k => 3));
    }

    [Fact]
    public void A_factory_may_use_the_cache_for_other_keys()
    {
        var cache = new LruCache<int, long>(100);
        long Fib(int n) => n < 2 ? n : cache.GetOrAdd(n - 1, Fib) + cache.GetOrAdd(n - 2, Fib);
        Assert.Equal(12586269025L, cache.GetOrAdd(50, Fib));
        Assert.Equal(51, cache.Count);
    }

    [Fact]
    public void A_recursive_call_for_the_same_key_throws_instead_of_deadlocking()
    {
        var cache = new LruCache<int, int>(10);
        var task = Task.Run(() => cache.GetOrAdd(1, k => cache.GetOrAdd(1, k2 => 2)));
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(Timeout), "deadlock");
        var ex = Assert.Throws<AggregateException>(() => task.Wait());
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.False(cache.ContainsKey(1));
        Assert.Equal(3, cache.GetOrAdd(1, k => 3));
    }

    [Fact]
    public void Many_keys_under_contention_each_run_the_factory_once()
    {
        var cache = new LruCache<int, int>(1000);
        var calls = new ConcurrentDictionary<int, int>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (int i = 0; i < 500; i++)
            {
                int value = cache.GetOrAdd(i, k =>
                {
                    calls.AddOrUpdate(k, 1, (_, c) => c + 1);
                    return k * 3;
                });
                Assert.Equal(i * 3, value);
            }
        });
        Assert.Equal(500, calls.Count);
        Assert.All(calls.Values, c => Assert.Equal(1, c));
    }
}
