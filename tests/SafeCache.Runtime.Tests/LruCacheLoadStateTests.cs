using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache.Runtime.Tests;

/// <summary>
/// The in-flight load state machine: a GetOrAdd miss links a node in the "loading" state in the cache's table; it is
/// not an entry (invisible to lookups, not counted) until the factory returns, and other writers may overtake it.
/// </summary>
public class LruCacheLoadStateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_load_in_flight_is_not_an_entry()
    {
        var cache = new LruCache<int, int>(4);
        bool seen = true;
        int count = -1;
        int value = cache.GetOrAdd(1, k =>
        {
            seen = cache.TryGetValue(1, out _) || cache.ContainsKey(1) || cache.Keys.Contains(1) || cache.Any(p => p.Key == 1);
            count = cache.Count;
            return 10;
        });
        Assert.Equal(10, value);
        Assert.False(seen);
        Assert.Equal(0, count);
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.LinkedNodeCount);
    }

    [Fact]
    public void A_value_stored_during_the_load_wins_and_the_load_returns_it()
    {
        var cache = new LruCache<int, string>(4);
        string result = cache.GetOrAdd(1, k =>
        {
            Assert.True(cache.TryAdd(1, "added")); // the load in flight is not an entry
            return "loaded";
        });
        Assert.Equal("added", result);
        Assert.Equal("added", cache[1]);
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.LinkedNodeCount);

        string viaIndexer = cache.GetOrAdd(2, k =>
        {
            cache[2] = "set";
            return "loaded";
        });
        Assert.Equal("set", viaIndexer);
        Assert.Equal("set", cache[2]);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_load_in_flight_when_Clear_is_called_still_stores_its_value()
    {
        var cache = new LruCache<int, int>(4);
        cache[5] = 5;
        int value = cache.GetOrAdd(1, k =>
        {
            cache.Clear();
            return 11;
        });
        Assert.Equal(11, value);
        Assert.Equal(11, cache[1]);
        Assert.False(cache.ContainsKey(5));
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.LinkedNodeCount);
    }

    [Fact]
    public void A_failed_load_leaves_nothing_linked_and_waiters_get_the_exception()
    {
        var cache = new LruCache<int, int>(4);
        using var started = new ManualResetEventSlim(false);
        using var release = new ManualResetEventSlim(false);
        var loader = Task.Factory.StartNew(() => cache.GetOrAdd(1, k =>
        {
            started.Set();
            release.Wait(Timeout);
            throw new TimeoutException("load failed");
        }), TaskCreationOptions.LongRunning);
        Assert.True(started.Wait(Timeout));
        var waiter = Task.Factory.StartNew(() => cache.GetOrAdd(1, k => 99), TaskCreationOptions.LongRunning);
        Thread.Sleep(50);
        release.Set();
        Assert.True(Task.WhenAll(loader, waiter).ContinueWith(_ => { }).Wait(Timeout), "deadlock");
        Assert.IsType<TimeoutException>(loader.Exception!.InnerException);

        // The waiter either waited on the failed load (same exception) or arrived after it and loaded 99 itself.
        if (waiter.IsFaulted)
        {
            Assert.Same(loader.Exception.InnerException, waiter.Exception!.InnerException);
            Assert.False(cache.ContainsKey(1));
        }
        else
        {
            Assert.Equal(99, waiter.Result);
        }

        Assert.Equal(cache.Count, cache.LinkedNodeCount);
    }

    [Fact]
    public void Loads_in_flight_do_not_count_against_capacity_and_Count_stays_bounded()
    {
        var cache = new LruCache<int, int>(3);
        for (int i = 0; i < 3; i++)
        {
            cache[i] = i;
        }

        // Nested loads: each is linked (loading) while the next runs; none is an entry until it completes.
        int Nested(int k) => k >= 13 ? k : cache.GetOrAdd(k + 1, Nested) + 0 * cache.Count;
        Assert.Equal(13, cache.GetOrAdd(3, Nested));
        Assert.Equal(3, cache.Count);
        Assert.Equal(3, cache.LinkedNodeCount);
    }

    [Fact]
    public void Lookups_never_miss_a_present_key_while_the_table_grows()
    {
        // Capacity large enough that nothing is evicted: the table doubles several times while readers run.
        var cache = new LruCache<int, int>(200_000);
        for (int i = -64; i < 0; i++)
        {
            cache[i] = i;
        }

        int falseMisses = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                for (int i = -64; i < 0; i++)
                {
                    if (!cache.TryGetValue(i, out int v) || v != i)
                    {
                        Interlocked.Increment(ref falseMisses);
                    }
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        for (int i = 0; i < 150_000; i++)
        {
            cache.GetOrAdd(i, k => k);
        }

        stop.Cancel();
        Assert.True(Task.WaitAll(readers, Timeout), "deadlock");
        Assert.Equal(0, falseMisses);
        Assert.Equal(150_064, cache.Count);
        for (int i = 0; i < 150_000; i += 997)
        {
            Assert.Equal(i, cache[i]);
        }
    }

    [Fact]
    public void The_ghost_queue_remembers_exactly_a_window_of_recent_hashes()
    {
        var ghost = new GhostQueue(100);
        for (int h = 0; h < 100; h++)
        {
            ghost.Add(h * 7919);
        }

        Assert.All(Enumerable.Range(0, 100), h => Assert.True(ghost.Contains(h * 7919)));
        Assert.False(ghost.Contains(123_456));
        for (int h = 100; h < 150; h++)
        {
            ghost.Add(h * 7919);
        }

        Assert.All(Enumerable.Range(0, 50), h => Assert.False(ghost.Contains(h * 7919))); // older than the window
        Assert.All(Enumerable.Range(50, 100), h => Assert.True(ghost.Contains(h * 7919)));
        ghost.Clear();
        Assert.False(ghost.Contains(149 * 7919));
    }
}
