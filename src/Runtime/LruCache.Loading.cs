using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SafeCache;

// Load coordination for GetOrAdd misses: the loading node is the in-flight marker; waiters block on its monitor.
public sealed partial class LruCache<TKey, TValue>
{
    private static readonly Func<TKey, Func<TKey, TValue>, TValue> s_invokeFactory = static (k, f) => f(k);

    /// <summary>Callers blocked on a load in flight (any key), registered under <see cref="_sync"/>; a load that completes
    /// (also under <see cref="_sync"/>) pulses its node only when this is non-zero.</summary>
    private int _waiters;

    /// <summary>The exceptions of failed loads, for their waiters; created on the first failure.</summary>
    private ConditionalWeakTable<Node, ExceptionDispatchInfo>? _failures;

    /// <summary>Gets the number of callers blocked on a load in flight (for tests).</summary>
    internal int WaiterCount => Volatile.Read(ref _waiters);

    /// <summary>
    /// The miss path of <c>GetOrAdd</c>: under the lock, either finds the value (added meanwhile), or finds a load in
    /// flight for the key and waits for it, or links a new node in the "loading" state — the in-flight marker, visible
    /// to other callers in the same table — and runs the factory outside the lock.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TValue Load<TArg>(TKey key, int hash, Func<TKey, TArg, TValue> factory, TArg arg)
    {
        _stats.Miss();
        Node node;
        bool inFlight;
        lock (WriteLock)
        {
            Node? existing = FindLocked(key, hash);
            if (existing is null)
            {
                node = new Node(key, hash);
                LinkLocked(node);
                inFlight = false;
            }
            else if (existing.Phase == Ready)
            {
                return existing.Value;
            }
            else
            {
                node = existing;
                inFlight = true;

                // Registered under the lock that the loader completes under: it cannot miss this waiter.
                Interlocked.Increment(ref _waiters);
            }
        }

        if (inFlight)
        {
            return WaitForLoad(node, key);
        }

        // From here on the node is linked in the loading phase: every path must end it (ready or failed) and release
        // its waiters, or the key would stay "loading" and its waiters would block forever.
        TValue value;
        List<object>? loads = null;
        try
        {
            loads = LoadTracker.Push(node);
            value = factory(key, arg);
        }
        catch (Exception ex)
        {
            FailLoad(node, ex);
            throw;
        }
        finally
        {
            if (loads is not null)
            {
                LoadTracker.Pop(loads);
            }
        }

        return CompleteLoad(node, value);
    }

    /// <summary>Waits for another caller's load of the same key; the caller registered in <see cref="_waiters"/>.</summary>
    private TValue WaitForLoad(Node node, TKey key)
    {
        try
        {
            if (LoadTracker.IsLoadingOnThisThread(node))
            {
                throw new InvalidOperationException(
                    $"The value factory for key '{key}' recursively requested the same key from the cache. " +
                    "A factory must not depend on its own result.");
            }

            // The loader sets the phase, then (seeing _waiters != 0) pulses under the node's monitor: checking the phase
            // under that monitor cannot miss the pulse.
            lock (node)
            {
                while (node.Phase == Loading)
                {
                    Monitor.Wait(node);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }

        if (node.Phase == Failed)
        {
            ExceptionDispatchInfo? error = null;
            _failures?.TryGetValue(node, out error);
            error!.Throw();
        }

        return node.Value;
    }

    /// <summary>
    /// Ends a load whose factory returned: stores the value and makes the node a cached entry, or, if the load was
    /// detached meanwhile (see below), settles on the value the cache holds. The outcome is linearizable: the load takes
    /// effect when it completes, under the lock.
    /// </summary>
    /// <remarks>
    /// A load is detached when <c>Clear</c> or a store of the same key (<c>TryAdd</c>, the indexer, <c>AddOrUpdate</c>,
    /// <c>GetOrAdd(key, value)</c>) replaced its node. When it completes, the table holds for the key either
    /// <list type="bullet">
    /// <item><description>a value: the load returns it (like <c>ConcurrentDictionary.GetOrAdd</c> when another thread
    /// wins);</description></item>
    /// <item><description>nothing (cleared, or stored then removed): the load stores its value;</description></item>
    /// <item><description>a later load of the same key, still running: this load completed first, so it stores its value in
    /// place of that load, which is detached in turn and returns this value when it completes.</description></item>
    /// </list>
    /// If completing throws (the comparer's <c>Equals</c> throws), the load fails instead: see <see cref="FailLoad"/>.
    /// </remarks>
    private TValue CompleteLoad(Node node, TValue value)
    {
        bool wake;
        try
        {
            // Not WriteLock: this thread cannot hold the lock here (a load cannot start under it, see Load).
            lock (_sync)
            {
                if (node.Removed)
                {
                    Node? current = FindLocked(node.Key, node.Hash);
                    if (current is null)
                    {
                        node.Removed = false;
                        LinkLocked(node);
                        AdmitLocked(node);
                    }
                    else if (current.Phase == Ready)
                    {
                        value = current.Value;
                    }
                    else
                    {
                        // A later load of the key: admit first (eviction may unlink other nodes of the chain), then put
                        // this node where that one was.
                        AdmitLocked(node);
                        node.Next = current.Next;
                        SwapInTableLocked(current, node);
                        current.Removed = true;
                        node.Removed = false;
                    }
                }
                else
                {
                    AdmitLocked(node);
                }

                node.Value = value;
                node.Phase = Ready;
                wake = _waiters != 0;
            }
        }
        catch (Exception ex)
        {
            FailLoad(node, ex);
            throw;
        }

        if (wake)
        {
            WakeWaiters(node);
        }

        return value;
    }

    /// <summary>
    /// Ends a load that failed (its factory or its completion threw): unlinks the node if it is still in the table,
    /// records the exception for the waiters and releases them. It takes the lock without calling user code and cannot
    /// be interrupted, so it always completes.
    /// </summary>
    private void FailLoad(Node node, Exception error)
    {
        bool wake;
        EnterUninterruptibly(_sync, out bool interrupted);
        try
        {
            if (node.Phase != Loading)
            {
                return;
            }

            if (!node.Removed)
            {
                UnlinkFromTableLocked(node);
                node.Removed = true;
            }

            (_failures ??= new ConditionalWeakTable<Node, ExceptionDispatchInfo>()).Add(node, ExceptionDispatchInfo.Capture(error));
            node.Phase = Failed;
            wake = _waiters != 0;
        }
        finally
        {
            Monitor.Exit(_sync);
        }

        if (wake)
        {
            WakeWaiters(node);
        }

        if (interrupted)
        {
            Thread.CurrentThread.Interrupt(); // keep the interruption for the caller's next blocking call
        }
    }

    /// <summary>Enters a monitor even if the thread is interrupted while it waits for it (the interruption is reported
    /// back, to be re-raised later): releasing a load's waiters must not be cut short.</summary>
    private static void EnterUninterruptibly(object monitor, out bool interrupted)
    {
        interrupted = false;
        while (true)
        {
            try
            {
                Monitor.Enter(monitor);
                return;
            }
            catch (ThreadInterruptedException)
            {
                interrupted = true;
            }
        }
    }

    /// <summary>Wakes the callers blocked on a load that has just completed or failed (only called when some caller,
    /// for any key, is registered as waiting: the common miss path takes no monitor but the cache lock).</summary>
    private static void WakeWaiters(Node node)
    {
        EnterUninterruptibly(node, out bool interrupted);
        try
        {
            Monitor.PulseAll(node);
        }
        finally
        {
            Monitor.Exit(node);
        }

        if (interrupted)
        {
            Thread.CurrentThread.Interrupt();
        }
    }
}
