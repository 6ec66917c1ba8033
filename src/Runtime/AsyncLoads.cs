using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache;

/// <summary>What a cache gives <see cref="AsyncLoads{TLoadKey, TValue}"/>: a lookup that counts nothing and a store.</summary>
/// <typeparam name="TLoadKey">The key of a load.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal interface IAsyncLoadHost<TLoadKey, TValue>
{
    /// <summary>Looks a key up without counting a hit or a miss.</summary>
    bool TryPeek(TLoadKey key, out TValue value);

    /// <summary>Stores a loaded value unless the cache already holds one for the key; returns the value it holds.</summary>
    TValue StoreLoaded(TLoadKey key, TValue value);
}

/// <summary>
/// Single-flight asynchronous loads (shared by <c>LruCache.GetOrAddAsync</c> and <c>WeakLruCache.GetOrAddAsync</c>):
/// concurrent callers of one missing key await one load. The load runs with its own cancellation token, so one caller's
/// cancellation only ends that caller's wait; the load's token is cancelled when every caller has stopped waiting. A
/// load that faults or is cancelled is removed before its callers see the outcome and stores nothing, so the next
/// caller starts a new load. A load that asks for its own key (directly or through other loads, in the same
/// asynchronous flow) fails with <see cref="InvalidOperationException"/> instead of waiting for itself forever.
/// </summary>
/// <typeparam name="TLoadKey">The key of a load.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class AsyncLoads<TLoadKey, TValue>
    where TLoadKey : notnull
{
    /// <summary>The loads running in the current asynchronous flow, innermost first.</summary>
    private static readonly AsyncLocal<LoadChain?> s_running = new AsyncLocal<LoadChain?>();

    private readonly IAsyncLoadHost<TLoadKey, TValue> _host;
    private readonly ConcurrentDictionary<TLoadKey, Load> _loads;

    public AsyncLoads(IAsyncLoadHost<TLoadKey, TValue> host, IEqualityComparer<TLoadKey> comparer)
    {
        _host = host;
        _loads = new ConcurrentDictionary<TLoadKey, Load>(comparer);
    }

    /// <summary>Gets the number of loads in flight (for tests).</summary>
    public int InFlight => _loads.Count;

    /// <summary>Joins the key's load in flight, or starts one with <paramref name="factory"/>; called after a miss.</summary>
    public ValueTask<TValue> GetAsync<TState>(
        TLoadKey key,
        TState state,
        Func<TLoadKey, TState, CancellationToken, ValueTask<TValue>> factory,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<TValue>(Task.FromCanceled<TValue>(cancellationToken));
        }

        while (true)
        {
            if (_loads.TryGetValue(key, out Load? load))
            {
                if (IsRunningInThisFlow(load))
                {
                    return new ValueTask<TValue>(Task.FromException<TValue>(new InvalidOperationException(
                        $"The value factory for key '{key}' recursively requested the same key from the cache. " +
                        "A factory must not depend on its own result.")));
                }

                if (!load.TryJoin())
                {
                    continue; // every caller left it and it was cancelled: start a new one
                }

                return Await(load, cancellationToken);
            }

            if (_host.TryPeek(key, out TValue value))
            {
                return new ValueTask<TValue>(value); // stored since the caller's miss
            }

            load = new Load(key);
            if (!_loads.TryAdd(key, load))
            {
                continue;
            }

            _ = RunAsync(key, load, state, factory);
            return Await(load, cancellationToken);
        }
    }

    private static bool IsRunningInThisFlow(Load load)
    {
        for (LoadChain? c = s_running.Value; c is not null; c = c.Next)
        {
            if (ReferenceEquals(c.Load, load))
            {
                return true;
            }
        }

        return false;
    }

    private ValueTask<TValue> Await(Load load, CancellationToken cancellationToken)
    {
        Task<TValue> task = load.Completion.Task;
        if (task.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return new ValueTask<TValue>(task);
        }

        return new ValueTask<TValue>(AwaitCancellableAsync(load, cancellationToken));
    }

    /// <summary>Waits for the load or for this caller's cancellation, whichever comes first; a caller that stops
    /// waiting leaves the load (the last one to leave cancels it).</summary>
    private async Task<TValue> AwaitCancellableAsync(Load load, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            Task first = await Task.WhenAny(load.Completion.Task, cancelled.Task).ConfigureAwait(false);
            if (!ReferenceEquals(first, load.Completion.Task))
            {
                Leave(load);
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await load.Completion.Task.ConfigureAwait(false);
    }

    private void Leave(Load load)
    {
        if (load.Leave())
        {
            Remove(load.Key, load);
            load.Cancellation.Cancel();
        }
    }

    /// <summary>Runs the factory (synchronously up to its first await, on the first caller's thread), stores the value,
    /// then completes the load; a fault or cancellation is recorded after the load is removed, so it is never cached.</summary>
    private async Task RunAsync<TState>(TLoadKey key, Load load, TState state, Func<TLoadKey, TState, CancellationToken, ValueTask<TValue>> factory)
    {
        s_running.Value = new LoadChain(load, s_running.Value); // flows into the factory, not back to the caller
        try
        {
            TValue value = await factory(key, state, load.Cancellation.Token).ConfigureAwait(false);
            value = _host.StoreLoaded(key, value);
            Remove(key, load);
            load.Completion.TrySetResult(value);
        }
        catch (OperationCanceledException ex)
        {
            Remove(key, load);
            load.Completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            Remove(key, load);
            load.Completion.TrySetException(ex);
        }
    }

    private void Remove(TLoadKey key, Load load) =>
        ((ICollection<KeyValuePair<TLoadKey, Load>>)_loads).Remove(new KeyValuePair<TLoadKey, Load>(key, load));

    /// <summary>One load in flight: its outcome, its own cancellation and the callers still waiting for it.</summary>
    private sealed class Load
    {
        public readonly TaskCompletionSource<TValue> Completion = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly CancellationTokenSource Cancellation = new CancellationTokenSource();
        public readonly TLoadKey Key;
        private int _callers = 1;
        private bool _abandoned;

        public Load(TLoadKey key) => Key = key;

        /// <summary>Adds a caller; false if every caller has already left (the load is being cancelled).</summary>
        public bool TryJoin()
        {
            lock (this)
            {
                if (_abandoned)
                {
                    return false;
                }

                _callers++;
                return true;
            }
        }

        /// <summary>Removes a caller; true if it was the last one and the load has not completed (cancel it).</summary>
        public bool Leave()
        {
            lock (this)
            {
                if (--_callers == 0 && !Completion.Task.IsCompleted)
                {
                    _abandoned = true;
                    return true;
                }

                return false;
            }
        }
    }

    private sealed class LoadChain
    {
        public readonly Load Load;
        public readonly LoadChain? Next;

        public LoadChain(Load load, LoadChain? next)
        {
            Load = load;
            Next = next;
        }
    }
}
