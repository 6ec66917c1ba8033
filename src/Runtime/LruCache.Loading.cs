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
        lock (_sync)
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

        TValue value;
        List<object> loads = LoadTracker.Push(node);
        try
        {
            value = factory(key, arg);
        }
        catch (Exception ex)
        {
            FailLoad(node, ex);
            throw;
        }
        finally
        {
            LoadTracker.Pop(loads);
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

    private TValue CompleteLoad(Node node, TValue value)
    {
        bool wake;
        lock (_sync)
        {
            bool admit = true;
            if (node.Removed)
            {
                // Detached while loading: by Clear (then store the value anyway), or because an add or set of the same
                // key stored a value (then that value wins, as with ConcurrentDictionary.GetOrAdd).
                Node? current = FindLocked(node.Key, node.Hash);
                if (current is null)
                {
                    node.Removed = false;
                    LinkLocked(node);
                }
                else
                {
                    admit = false;
                    if (current.Phase == Ready)
                    {
                        value = current.Value;
                    }
                }
            }

            node.Value = value;
            if (admit)
            {
                AdmitLocked(node);
            }

            node.Phase = Ready;
            wake = _waiters != 0;
        }

        if (wake)
        {
            WakeWaiters(node);
        }

        return value;
    }

    private void FailLoad(Node node, Exception error)
    {
        bool wake;
        lock (_sync)
        {
            if (!node.Removed)
            {
                UnlinkFromTableLocked(node);
                node.Removed = true;
            }

            (_failures ??= new ConditionalWeakTable<Node, ExceptionDispatchInfo>()).Add(node, ExceptionDispatchInfo.Capture(error));
            node.Phase = Failed;
            wake = _waiters != 0;
        }

        if (wake)
        {
            WakeWaiters(node);
        }
    }

    /// <summary>Wakes the callers blocked on a load that has just completed or failed (only called when some caller,
    /// for any key, is registered as waiting: the common miss path takes no monitor but the cache lock).</summary>
    private static void WakeWaiters(Node node)
    {
        lock (node)
        {
            Monitor.PulseAll(node);
        }
    }
}
