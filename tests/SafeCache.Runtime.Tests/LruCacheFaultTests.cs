using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache.Runtime.Tests;

/// <summary>
/// One deterministic test per fault found by the stress and model-checking pass (issue 18). Threads are coordinated
/// with events and bounded waits: a hang fails the test after <see cref="Timeout"/> instead of blocking the run.
/// </summary>
public class LruCacheFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public enum Detach
    {
        Clear,
        TryAddThenTryRemove,
        IndexerSetThenRemove,
    }

    [Theory]
    [InlineData(Detach.Clear)]
    [InlineData(Detach.TryAddThenTryRemove)]
    [InlineData(Detach.IndexerSetThenRemove)]
    public void A_detached_load_that_finishes_first_stores_its_value_and_the_later_load_returns_it(Detach detach)
    {
        var cache = new LruCache<int, int>(4);
        using var started1 = new ManualResetEventSlim(false);
        using var release1 = new ManualResetEventSlim(false);
        using var started2 = new ManualResetEventSlim(false);
        using var release2 = new ManualResetEventSlim(false);
        Task<int> first = Start(() => cache.GetOrAdd(1, _ => Block(started1, release1, 100)));
        Assert.True(started1.Wait(Timeout));
        DetachLoad(cache, detach);
        Task<int> second = Start(() => cache.GetOrAdd(1, _ => Block(started2, release2, 300)));
        Assert.True(started2.Wait(Timeout));

        release1.Set();
        Assert.True(first.Wait(Timeout), "first load hung");
        release2.Set();
        Assert.True(second.Wait(Timeout), "second load hung");

        // Linearizable: the first load completes first and stores 100; the second caller then gets the stored value.
        Assert.Equal(100, first.Result);
        Assert.Equal(100, second.Result);
        Assert.Equal(100, cache[1]);
        Assert.Equal(1, cache.Count);
        Assert.Equal(cache.Count, cache.LinkedNodeCount);
    }

    [Fact]
    public void Waiters_on_a_detached_load_get_the_value_the_cache_holds()
    {
        var cache = new LruCache<int, int>(4);
        using var started1 = new ManualResetEventSlim(false);
        using var release1 = new ManualResetEventSlim(false);
        using var started2 = new ManualResetEventSlim(false);
        using var release2 = new ManualResetEventSlim(false);
        Task<int> first = Start(() => cache.GetOrAdd(1, _ => Block(started1, release1, 100)));
        Assert.True(started1.Wait(Timeout));
        cache.Clear();
        Task<int> second = Start(() => cache.GetOrAdd(1, _ => Block(started2, release2, 300)));
        Assert.True(started2.Wait(Timeout));
        Task<int> waiter = Start(() => cache.GetOrAdd(1, _ => 999)); // waits on the second load
        Assert.True(SpinWait.SpinUntil(() => cache.WaiterCount == 1, Timeout));

        release1.Set();
        Assert.True(first.Wait(Timeout));
        release2.Set();
        Assert.True(Task.WaitAll(new Task[] { second, waiter }, Timeout), "a load hung");
        Assert.Equal(new[] { 100, 100, 100 }, new[] { first.Result, second.Result, waiter.Result });
        Assert.Equal(100, cache[1]);
    }

    [Theory]
    [InlineData(596_523_236)]
    [InlineData(1_000_000_000)]
    [InlineData(1_193_046_470)]
    [InlineData(1_500_000_000)]
    [InlineData(int.MaxValue)]
    public void Any_capacity_constructs_at_once_with_memory_independent_of_the_capacity(int capacity)
    {
        Task<long> small = Start(() => AllocatedBy(() => new LruCache<int, int>(1)));
        Task<long> huge = Start(() => AllocatedBy(() => new LruCache<int, int>(capacity)));
        Assert.True(small.Wait(Timeout) && huge.Wait(Timeout), "the constructor did not return");
        Assert.Equal(small.Result, huge.Result);

        // Everything but the statistics stripes (whose number follows the core count) fits in a few hundred bytes.
        long stats = AllocatedBy(() => new StripedCounter());
        Assert.InRange(huge.Result - stats, 1, 600);
    }

    [Fact]
    public void Memory_follows_the_entries_not_the_capacity()
    {
        LruCache<int, int>? cache = null;
        long bytes = AllocatedBy(() =>
        {
            cache = new LruCache<int, int>(10_000_000);
            for (int i = 0; i < 1_000; i++)
            {
                cache.GetOrAdd(i, k => k);
            }
        });

        // 1,000 nodes of 40 bytes plus the table and queues they need: well under 256 KB (a table sized from the
        // capacity would take hundreds of megabytes).
        Assert.InRange(bytes, 40_000, 256 * 1024);
        Assert.Equal(1_000, cache!.Count);
        Assert.All(Enumerable.Range(0, 1_000), k => Assert.Equal(k, cache[k]));
    }

    [Fact]
    public void A_huge_capacity_cache_still_evicts_with_the_policy_once_full()
    {
        // The capacity is a bound: a cache that never fills never evicts; ghost admission works at any capacity.
        var cache = new LruCache<int, int>(int.MaxValue);
        for (int i = 0; i < 10_000; i++)
        {
            cache[i] = i;
        }

        Assert.Equal(10_000, cache.Count);
        Assert.Equal(0, cache.Info.Evictions);
    }

    [Fact]
    public void Waiters_are_released_when_completing_a_load_throws()
    {
        var comparer = new HookedComparer();
        var cache = new LruCache<int, int>(4, comparer);
        using var started = new ManualResetEventSlim(false);
        using var release = new ManualResetEventSlim(false);
        Task<int> loader = Start(() => cache.GetOrAdd(1, _ => Block(started, release, 100)));
        Assert.True(started.Wait(Timeout));
        Task<int> waiter = Start(() => cache.GetOrAdd(1, _ => 999));
        Assert.True(SpinWait.SpinUntil(() => cache.WaiterCount == 1, Timeout));

        // Detach the load (TryAdd stores a value), then make the key's Equals throw in the load's completion.
        Assert.True(cache.TryAdd(1, 5));
        var boom = new FormatException("Equals failed");
        comparer.OnEquals = () => throw boom;
        release.Set();

        bool finished = Task.WhenAll(loader, waiter).ContinueWith(_ => { }).Wait(Timeout);
        comparer.OnEquals = null;
        Assert.True(finished, "a waiter stayed blocked after the load's completion threw");
        Assert.Same(boom, loader.Exception!.InnerException);
        Assert.Same(boom, waiter.Exception!.InnerException);

        // The key is not left loading: the value stored by TryAdd is there and the table holds only entries.
        Assert.Equal(5, cache.GetOrAdd(1, _ => 7));
        Assert.Equal(cache.Count, cache.LinkedNodeCount);
    }

    [Fact]
    public void A_comparer_that_writes_to_the_same_cache_from_Equals_gets_InvalidOperationException()
    {
        var comparer = new HookedComparer { ConstantHash = true }; // every key collides, so Equals runs under the lock
        var cache = new LruCache<int, int>(10, comparer);
        cache[1] = 1;
        comparer.OnEquals = () =>
        {
            comparer.OnEquals = null;
            cache[100] = 100;
        };

        Assert.Throws<InvalidOperationException>(() => cache[2] = 2);
        comparer.OnEquals = null;

        // Nothing was lost or half-written: Count agrees with the entries, which are exactly the ones before.
        Assert.Equal(1, cache.Count);
        Assert.Equal(new[] { 1 }, cache.Keys.OrderBy(k => k));
        Assert.Equal(cache.Count, cache.LinkedNodeCount);
        cache[2] = 2;
        Assert.Equal(new[] { 1, 2 }, cache.Keys.OrderBy(k => k));
    }

    [Fact]
    public void A_WeakLruCache_comparer_that_writes_to_the_same_cache_gets_InvalidOperationException()
    {
        var comparer = new HookedComparer { ConstantHash = true }; // every key collides: Equals runs under the lock
        var cache = new WeakLruCache<object, int, int>(10, comparer);
        var owner = new object();
        cache.GetOrAdd(owner, 1, (_, k) => k);

        // The factory runs outside the lock; it arms the hook so that the insert's comparison under the lock writes.
        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd(owner, 2, (_, k) =>
        {
            comparer.OnEquals = () =>
            {
                comparer.OnEquals = null;
                cache.GetOrAdd(owner, 100, (_, k2) => k2);
            };
            return k;
        }));

        Assert.Equal(1, cache.Count);
        Assert.False(cache.TryGetValue(owner, 100, out _));
        Assert.Equal(2, cache.GetOrAdd(owner, 2, (_, k) => k));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void TryUpdate_compares_values_outside_the_lock_so_a_value_Equals_may_write_to_the_cache()
    {
        // String keys: the re-entrance check is active, so a comparison under the lock would throw here.
        var cache = new LruCache<string, HookedValue>(10);
        var original = new HookedValue(1);
        cache["a"] = original;
        original.OnEquals = () =>
        {
            original.OnEquals = null;
            cache["b"] = new HookedValue(2);
        };

        Assert.True(cache.TryUpdate("a", new HookedValue(10), new HookedValue(1)));
        Assert.Equal(10, cache["a"].Number);
        Assert.Equal(2, cache["b"].Number);
        Assert.Equal(2, cache.Count);
        Assert.Equal(cache.Count, cache.LinkedNodeCount);
    }

    [Fact]
    public void A_comparer_may_read_the_same_cache_from_Equals()
    {
        var comparer = new HookedComparer { ConstantHash = true };
        var cache = new LruCache<int, int>(10, comparer);
        cache[1] = 1;
        int seen = -1;
        comparer.OnEquals = () =>
        {
            comparer.OnEquals = null;
            seen = cache.TryGetValue(1, out int v) ? v : -2;
        };

        cache[2] = 2;
        Assert.Equal(1, seen);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void At_capacity_2_an_entry_read_once_outlives_an_entry_never_read()
    {
        var cache = new LruCache<string, int>(2);
        cache["read"] = 1;
        Assert.True(cache.TryGetValue("read", out _));
        cache["unread"] = 2;
        cache["new"] = 3;
        Assert.True(cache.ContainsKey("read"), "the entry read since insertion was evicted");
        Assert.False(cache.ContainsKey("unread"));
    }

    [Fact]
    public void At_every_capacity_a_read_hot_set_of_all_but_one_entry_survives_a_scan_and_a_full_one_does_not()
    {
        // Probation's share starts at max(1, capacity / 100): a hot set of capacity - 1 read entries survives a scan of
        // 10 x capacity new keys; a hot set as large as the cache cannot (the first new key must evict one of them).
        for (int capacity = 1; capacity <= 120; capacity++)
        {
            Assert.True(HotSetSurvivesScan(capacity, capacity - 1, scanFactor: 10), $"capacity {capacity}: a hot set of {capacity - 1} was flushed");
            Assert.False(HotSetSurvivesScan(capacity, capacity, scanFactor: 10), $"capacity {capacity}: a hot set of {capacity} survived");
        }
    }

    [Fact]
    public void At_every_capacity_a_read_hot_set_up_to_the_largest_main_share_survives_any_scan()
    {
        // Probation's share adapts but never exceeds max(1, capacity / 5): a hot set that fits in main at that share
        // survives however long the scan runs (here 200 x capacity: many adaptation samples).
        for (int capacity = 1; capacity <= 120; capacity++)
        {
            int bound = capacity - Math.Max(1, capacity / 5);
            Assert.True(HotSetSurvivesScan(capacity, bound, scanFactor: 200), $"capacity {capacity}: a hot set of {bound} was flushed");
        }
    }

    [Fact]
    public void At_every_capacity_a_loop_over_at_most_1_2x_capacity_keys_hits_at_least_half_the_time()
    {
        for (int capacity = 1; capacity <= 120; capacity++)
        {
            for (int keys = capacity + 1; keys <= capacity * 1.2; keys++)
            {
                long hits = LoopHits(capacity, keys, rounds: 30);
                Assert.True(hits * 2 >= 30L * keys, $"capacity {capacity}, loop over {keys}: {hits} hits of {30 * keys}");
            }
        }
    }

    [Fact]
    public void A_boxed_default_ImmutableArray_behaves_like_null_through_the_read_only_list_view()
    {
        IEqualityComparer<IReadOnlyList<int>> comparer = SequenceEqualityComparer<int>.Default;
        IReadOnlyList<int> boxedDefault = default(ImmutableArray<int>);
        Assert.Equal(0, comparer.GetHashCode(boxedDefault));
        Assert.Equal(comparer.GetHashCode(null!), comparer.GetHashCode(boxedDefault));
        Assert.True(comparer.Equals(boxedDefault, null));
        Assert.True(comparer.Equals(null, boxedDefault));
        Assert.True(comparer.Equals(boxedDefault, default(ImmutableArray<int>)));
        Assert.False(comparer.Equals(boxedDefault, ImmutableArray<int>.Empty));
        Assert.False(comparer.Equals(new List<int>(), boxedDefault));

        var cache = new LruCache<IReadOnlyList<int>, string>(4, comparer);
        cache[boxedDefault] = "default";
        Assert.Equal("default", cache[default(ImmutableArray<int>)]);
    }

    private static bool HotSetSurvivesScan(int capacity, int hotCount, int scanFactor)
    {
        var cache = new LruCache<int, int>(capacity);
        for (int k = 0; k < hotCount; k++)
        {
            cache[k] = k;
        }

        for (int k = 0; k < hotCount; k++)
        {
            Assert.True(cache.TryGetValue(k, out _));
        }

        for (int k = 1_000_000; k < 1_000_000 + (scanFactor * capacity); k++)
        {
            cache.GetOrAdd(k, x => x);
        }

        return Enumerable.Range(0, Math.Max(0, hotCount)).All(cache.ContainsKey);
    }

    private static long LoopHits(int capacity, int keys, int rounds)
    {
        var cache = new LruCache<int, int>(capacity);
        long hits = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < keys; k++)
            {
                if (cache.TryGetValue(k, out _))
                {
                    hits++;
                }
                else
                {
                    cache[k] = k;
                }
            }
        }

        return hits;
    }

    private static void DetachLoad(LruCache<int, int> cache, Detach detach)
    {
        switch (detach)
        {
            case Detach.Clear:
                cache.Clear();
                break;
            case Detach.TryAddThenTryRemove:
                Assert.True(cache.TryAdd(1, 5));
                Assert.True(cache.TryRemove(1, out _));
                break;
            default:
                cache[1] = 5;
                Assert.True(cache.Remove(1));
                break;
        }
    }

    private static int Block(ManualResetEventSlim started, ManualResetEventSlim release, int value)
    {
        started.Set();
        Assert.True(release.Wait(Timeout), "never released");
        return value;
    }

    private static Task<T> Start<T>(Func<T> body) => Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long AllocatedBy<T>(Func<T> create)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        T created = create();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(created);
        return bytes;
    }

    /// <summary>A value whose Equals runs a hook.</summary>
    private sealed class HookedValue(int number) : IEquatable<HookedValue>
    {
        public volatile Action? OnEquals;

        public int Number { get; } = number;

        public bool Equals(HookedValue? other)
        {
            OnEquals?.Invoke();
            return other is not null && other.Number == Number;
        }

        public override bool Equals(object? obj) => Equals(obj as HookedValue);

        public override int GetHashCode() => Number;
    }

    /// <summary>An int comparer that runs a hook from <see cref="Equals(int, int)"/>.</summary>
    private sealed class HookedComparer : IEqualityComparer<int>
    {
        public volatile Action? OnEquals;

        public bool ConstantHash { get; init; }

        public bool Equals(int x, int y)
        {
            OnEquals?.Invoke();
            return x == y;
        }

        public int GetHashCode(int obj) => ConstantHash ? 0 : obj;
    }
}
