using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache.Runtime.Tests;

/// <summary>
/// GetOrAddAsync, WeakLruCache.GetOrAddAsync and Memoize.LruAsync: each guarantee with loads held open by a
/// <see cref="TaskCompletionSource{TResult}"/> gate (no sleeps, no timing assertions); every wait has a 20 s watchdog.
/// </summary>
public class AsyncLoadingTests
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_hit_completes_synchronously_without_running_the_factory()
    {
        var cache = new LruCache<int, string>(4);
        cache[1] = "one";
        ValueTask<string> hit = cache.GetOrAddAsync(1, (_, _) => throw new InvalidOperationException("factory ran"));
        Assert.True(hit.IsCompletedSuccessfully);
        Assert.Equal("one", await hit);
        Assert.Equal(1, cache.Info.Hits);
    }

    [Fact]
    public async Task Concurrent_callers_of_a_missing_key_share_one_load()
    {
        var cache = new LruCache<int, string>(4);
        var gate = NewGate<string>();
        int calls = 0;
        Func<int, CancellationToken, ValueTask<string>> factory = (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return new ValueTask<string>(gate.Task);
        };

        Task<string>[] callers = Enumerable.Range(0, 8).Select(_ => cache.GetOrAddAsync(7, factory).AsTask()).ToArray();
        Assert.Equal(1, calls);
        Assert.Equal(1, cache.AsyncLoadsInFlight);
        Assert.All(callers, t => Assert.False(t.IsCompleted));
        Assert.False(cache.ContainsKey(7)); // a load in flight is not an entry

        gate.SetResult("seven");
        string[] results = await Task.WhenAll(callers).WaitAsync(Watchdog);
        Assert.All(results, r => Assert.Equal("seven", r));
        Assert.Equal(1, calls);
        Assert.Equal("seven", cache[7]);
        Assert.Equal(0, cache.AsyncLoadsInFlight);
        Assert.Equal(8, cache.Info.Misses);
    }

    [Fact]
    public async Task A_faulted_load_reaches_every_caller_is_not_cached_and_the_next_caller_retries()
    {
        var cache = new LruCache<int, string>(4);
        var gate = NewGate<string>();
        int calls = 0;
        Task<string> first = cache.GetOrAddAsync(1, (_, _) => { calls++; return new ValueTask<string>(gate.Task); }).AsTask();
        Task<string> second = cache.GetOrAddAsync(1, (_, _) => { calls++; return new ValueTask<string>("unused"); }).AsTask();
        var error = new InvalidOperationException("load failed");
        gate.SetException(error);

        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Watchdog)));
        Assert.Same(error, await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Watchdog)));
        Assert.Equal(1, calls);
        Assert.False(cache.ContainsKey(1));
        Assert.Equal(0, cache.AsyncLoadsInFlight);

        Assert.Equal("retried", await cache.GetOrAddAsync(1, (_, _) => { calls++; return new ValueTask<string>("retried"); }));
        Assert.Equal(2, calls);
        Assert.Equal("retried", cache[1]);
    }

    [Fact]
    public async Task A_factory_that_throws_synchronously_is_a_faulted_load_too()
    {
        var cache = new LruCache<int, int>(4);
        Task<int> task = cache.GetOrAddAsync(1, (_, _) => throw new FormatException()).AsTask();
        await Assert.ThrowsAsync<FormatException>(() => task.WaitAsync(Watchdog));
        Assert.Equal(0, cache.AsyncLoadsInFlight);
        Assert.Equal(5, await cache.GetOrAddAsync(1, (_, _) => new ValueTask<int>(5)));
    }

    [Fact]
    public async Task A_cancelled_load_is_not_cached_and_the_next_caller_retries()
    {
        var cache = new LruCache<int, int>(4);
        var gate = NewGate<int>();
        Task<int> caller = cache.GetOrAddAsync(1, (_, _) => new ValueTask<int>(gate.Task)).AsTask();
        gate.SetCanceled();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller.WaitAsync(Watchdog));
        Assert.True(caller.IsCanceled);
        Assert.False(cache.ContainsKey(1));
        Assert.Equal(0, cache.AsyncLoadsInFlight);
        Assert.Equal(2, await cache.GetOrAddAsync(1, (_, _) => new ValueTask<int>(2)));
    }

    [Fact]
    public async Task One_callers_cancellation_ends_its_wait_but_not_the_shared_load()
    {
        var cache = new LruCache<int, int>(4);
        var gate = NewGate<int>();
        CancellationToken loadToken = default;
        using var leaving = new CancellationTokenSource();
        Task<int> leaver = cache.GetOrAddAsync(1, (_, ct) => { loadToken = ct; return new ValueTask<int>(gate.Task); }, leaving.Token).AsTask();
        Task<int> stayer = cache.GetOrAddAsync(1, (_, _) => throw new InvalidOperationException("second load")).AsTask();

        leaving.Cancel();
        OperationCanceledException cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaver.WaitAsync(Watchdog));
        Assert.Equal(leaving.Token, cancelled.CancellationToken);
        Assert.False(loadToken.IsCancellationRequested);
        Assert.False(stayer.IsCompleted);

        gate.SetResult(42);
        Assert.Equal(42, await stayer.WaitAsync(Watchdog));
        Assert.Equal(42, cache[1]);
    }

    [Fact]
    public async Task When_every_caller_has_cancelled_the_load_is_cancelled_and_the_key_is_free_again()
    {
        var cache = new LruCache<int, int>(4);
        var tokenCancelled = NewGate<bool>();
        using var a = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        Func<int, CancellationToken, ValueTask<int>> slow = async (_, ct) =>
        {
            ct.Register(() => tokenCancelled.TrySetResult(true));
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        };

        Task<int> first = cache.GetOrAddAsync(1, slow, a.Token).AsTask();
        Task<int> second = cache.GetOrAddAsync(1, slow, b.Token).AsTask();
        a.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Watchdog));
        Assert.False(tokenCancelled.Task.IsCompleted); // one caller is still waiting

        b.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Watchdog));
        Assert.True(await tokenCancelled.Task.WaitAsync(Watchdog));

        Assert.Equal(9, await cache.GetOrAddAsync(1, (_, _) => new ValueTask<int>(9)).AsTask().WaitAsync(Watchdog));
        Assert.Equal(9, cache[1]);
    }

    [Fact]
    public async Task A_miss_with_an_already_cancelled_token_is_cancelled_without_running_the_factory()
    {
        var cache = new LruCache<int, int>(4);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        ValueTask<int> task = cache.GetOrAddAsync(1, (_, _) => throw new InvalidOperationException("factory ran"), cts.Token);
        Assert.True(task.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.AsTask());
        Assert.Equal(0, cache.AsyncLoadsInFlight);
    }

    [Fact]
    public async Task A_factory_that_asks_for_its_own_key_fails_instead_of_waiting_for_itself()
    {
        var cache = new LruCache<int, int>(4);
        Func<int, CancellationToken, ValueTask<int>>? factory = null;
        factory = async (k, ct) => await cache.GetOrAddAsync(k, factory!, ct) + 1;

        Task<int> task = cache.GetOrAddAsync(1, factory).AsTask();
        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(Watchdog));
        Assert.Contains("recursively requested the same key", error.Message);
        Assert.Equal(0, cache.AsyncLoadsInFlight);
        Assert.False(cache.ContainsKey(1));
    }

    [Fact]
    public async Task A_cycle_through_another_key_after_an_await_is_detected_too()
    {
        var cache = new LruCache<int, int>(4);
        Func<int, CancellationToken, ValueTask<int>>? factory = null;
        factory = async (k, ct) =>
        {
            await Task.Yield(); // the cycle continues on another thread: detection follows the asynchronous flow
            return await cache.GetOrAddAsync(k == 1 ? 2 : 1, factory!, ct);
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrAddAsync(1, factory).AsTask().WaitAsync(Watchdog));
        Assert.Equal(0, cache.AsyncLoadsInFlight);
    }

    [Fact]
    public async Task A_factory_may_load_other_keys()
    {
        var cache = new LruCache<int, long>(100);
        Func<int, CancellationToken, ValueTask<long>>? fib = null;
        fib = async (n, ct) => n < 2 ? n : await cache.GetOrAddAsync(n - 1, fib!, ct) + await cache.GetOrAddAsync(n - 2, fib!, ct);
        Assert.Equal(12_586_269_025L, await cache.GetOrAddAsync(50, fib).AsTask().WaitAsync(Watchdog));
    }

    [Fact]
    public async Task A_load_completing_after_a_store_of_its_key_returns_the_stored_value()
    {
        var cache = new LruCache<int, string>(4);
        var gate = NewGate<string>();
        Task<string> load = cache.GetOrAddAsync(1, (_, _) => new ValueTask<string>(gate.Task)).AsTask();
        cache[1] = "stored";
        gate.SetResult("loaded");
        Assert.Equal("stored", await load.WaitAsync(Watchdog));
        Assert.Equal("stored", cache[1]);
    }

    [Fact]
    public void Arguments_are_validated_with_the_parameter_named()
    {
        var cache = new LruCache<string, int>(4);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => cache.GetOrAddAsync(null!, (_, _) => default)).ParamName);
        Assert.Equal("valueFactory", Assert.Throws<ArgumentNullException>(() => cache.GetOrAddAsync("k", null!)).ParamName);

        var weak = new WeakLruCache<object, int, int>(4);
        Assert.Equal("owner", Assert.Throws<ArgumentNullException>(() => weak.GetOrAddAsync(null!, 1, (_, _, _) => default)).ParamName);
        Assert.Equal("valueFactory", Assert.Throws<ArgumentNullException>(() => weak.GetOrAddAsync(new object(), 1, null!)).ParamName);

        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => Memoize.LruAsync<int, int>(null!, 4)).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => Memoize.LruAsync<int, int>((_, _) => default, 0)).ParamName);
    }

    [Fact]
    public async Task WeakLruCache_shares_one_load_per_owner_and_key()
    {
        var cache = new WeakLruCache<object, int, string>(8);
        object owner = new(), other = new();
        var gate = NewGate<string>();
        int calls = 0;
        Func<object, int, CancellationToken, ValueTask<string>> factory = (o, k, _) =>
        {
            Interlocked.Increment(ref calls);
            return ReferenceEquals(o, owner) ? new ValueTask<string>(gate.Task) : new ValueTask<string>("other");
        };

        Task<string> a = cache.GetOrAddAsync(owner, 1, factory).AsTask();
        Task<string> b = cache.GetOrAddAsync(owner, 1, factory).AsTask();
        Assert.Equal("other", await cache.GetOrAddAsync(other, 1, factory)); // another owner: its own load
        Assert.Equal(2, calls);

        gate.SetResult("mine");
        Assert.Equal(new[] { "mine", "mine" }, await Task.WhenAll(a, b).WaitAsync(Watchdog));
        Assert.True(cache.TryGetValue(owner, 1, out string? cached));
        Assert.Equal("mine", cached);
        Assert.Equal("mine", await cache.GetOrAddAsync(owner, 1, factory));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task WeakLruCache_does_not_cache_a_faulted_load()
    {
        var cache = new WeakLruCache<object, int, int>(8);
        object owner = new();
        await Assert.ThrowsAsync<FormatException>(() => cache.GetOrAddAsync(owner, 1, (_, _, _) => throw new FormatException()).AsTask().WaitAsync(Watchdog));
        Assert.False(cache.TryGetValue(owner, 1, out _));
        Assert.Equal(3, await cache.GetOrAddAsync(owner, 1, (_, _, _) => new ValueTask<int>(3)));
    }

    [Fact]
    public async Task Memoize_LruAsync_runs_the_function_once_per_argument_for_concurrent_callers()
    {
        var gate = NewGate<bool>();
        int calls = 0;
        MemoizedAsyncFunc<string, int> length = Memoize.LruAsync<string, int>(async (s, _) =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            return s.Length;
        }, capacity: 4, StringComparer.OrdinalIgnoreCase);

        Task<int> a = length.InvokeAsync("abc").AsTask();
        Task<int> b = length.InvokeAsync("ABC").AsTask();
        gate.SetResult(true);
        Assert.Equal(new[] { 3, 3 }, await Task.WhenAll(a, b).WaitAsync(Watchdog));
        Assert.Equal(1, calls);
        Assert.Equal(3, await length.InvokeAsync("Abc"));
        Assert.Equal(4, length.Capacity);
        Assert.Equal(1, length.Info.Hits);
        length.Clear();
        Assert.Equal(0, length.Info.Count);
    }

    private static TaskCompletionSource<T> NewGate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
