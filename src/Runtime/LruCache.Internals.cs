using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SafeCache;

/// <summary>A fixed-size FIFO of recently evicted key hashes (the "ghost" queue of S3-FIFO).</summary>
internal sealed class GhostQueue
{
    private readonly int[] _ring;
    private readonly Dictionary<int, int> _counts;
    private int _next;
    private int _size;

    public GhostQueue(int capacity)
    {
        _ring = new int[Math.Max(1, capacity)];
        _counts = new Dictionary<int, int>(Math.Min(_ring.Length, 1024));
    }

    public void Add(int hash)
    {
        if (_size == _ring.Length)
        {
            int old = _ring[_next];
            if (_counts.TryGetValue(old, out int c))
            {
                if (c <= 1)
                {
                    _counts.Remove(old);
                }
                else
                {
                    _counts[old] = c - 1;
                }
            }
        }
        else
        {
            _size++;
        }

        _ring[_next] = hash;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        _counts[hash] = _counts.TryGetValue(hash, out int n) ? n + 1 : 1;
    }

    public bool Contains(int hash) => _counts.ContainsKey(hash);

    public void Clear()
    {
        _counts.Clear();
        _next = 0;
        _size = 0;
    }
}

/// <summary>A FIFO of cache nodes that tolerates lazily deleted (removed) nodes.</summary>
/// <typeparam name="TNode">The node type.</typeparam>
internal sealed class NodeQueue<TNode>
    where TNode : class
{
    private TNode[] _items = new TNode[16];
    private int _head;
    private int _count;

    /// <summary>Gets the number of slots in use, including removed nodes not yet dequeued.</summary>
    public int PhysicalCount => _count;

    /// <summary>Gets or sets the number of live (not removed) nodes; maintained by the owner.</summary>
    public int Live { get; set; }

    public void Enqueue(TNode node)
    {
        if (_count == _items.Length)
        {
            Grow(_items.Length * 2);
        }

        int tail = _head + _count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }

        _items[tail] = node;
        _count++;
    }

    public TNode? Dequeue()
    {
        if (_count == 0)
        {
            return null;
        }

        TNode node = _items[_head];
        _items[_head] = null!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        _count--;
        return node;
    }

    /// <summary>Drops every node for which <paramref name="isDead"/> is true, keeping the order of the others.</summary>
    public void Compact(Func<TNode, bool> isDead)
    {
        var kept = new TNode[Math.Max(16, RoundUp(Live + 1))];
        int n = 0;
        for (int i = 0; i < _count; i++)
        {
            int idx = _head + i;
            if (idx >= _items.Length)
            {
                idx -= _items.Length;
            }

            TNode node = _items[idx];
            if (!isDead(node))
            {
                if (n == kept.Length)
                {
                    Array.Resize(ref kept, kept.Length * 2);
                }

                kept[n++] = node;
            }
        }

        _items = kept;
        _head = 0;
        _count = n;
    }

    public void Clear()
    {
        _items = new TNode[16];
        _head = 0;
        _count = 0;
        Live = 0;
    }

    private static int RoundUp(int n)
    {
        int p = 16;
        while (p < n)
        {
            p <<= 1;
        }

        return p;
    }

    private void Grow(int size)
    {
        var items = new TNode[size];
        for (int i = 0; i < _count; i++)
        {
            int idx = _head + i;
            if (idx >= _items.Length)
            {
                idx -= _items.Length;
            }

            items[i] = _items[idx];
        }

        _items = items;
        _head = 0;
    }
}

/// <summary>An in-flight load of one key: the first caller runs the factory, the others wait for it.</summary>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class LoadGate<TValue>
{
    private const int Running = 0;
    private const int Succeeded = 1;
    private const int Failed = 2;

    private readonly object _lock = new object();
    private TValue _value = default!;
    private ExceptionDispatchInfo? _error;
    private volatile int _state;

    public LoadGate(int ownerThreadId) => OwnerThreadId = ownerThreadId;

    public int OwnerThreadId { get; }

    public bool IsCompleted => _state != Running;

    public void Complete(TValue value)
    {
        _value = value;
        lock (_lock)
        {
            _state = Succeeded;
            Monitor.PulseAll(_lock);
        }
    }

    public void Fail(Exception error)
    {
        _error = ExceptionDispatchInfo.Capture(error);
        lock (_lock)
        {
            _state = Failed;
            Monitor.PulseAll(_lock);
        }
    }

    public TValue Wait()
    {
        if (_state == Running)
        {
            lock (_lock)
            {
                while (_state == Running)
                {
                    Monitor.Wait(_lock);
                }
            }
        }

        if (_state == Failed)
        {
            _error!.Throw();
        }

        return _value;
    }
}
