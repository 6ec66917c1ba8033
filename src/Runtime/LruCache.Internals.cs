using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SafeCache;

/// <summary>
/// The "ghost" queue of S3-FIFO: remembers the hashes of the last <c>window</c> keys evicted from probation. It is an
/// open-addressing table (no per-eviction allocation or dictionary work): each slot holds a hash and the eviction "time"
/// at which it was added; an entry older than <c>window</c> evictions is expired and its slot is reused. A hash that
/// finds its probe window full of live entries replaces the oldest one, so the table may forget a few hashes early; it
/// never reports a hash that was not added within the window. The table is allocated on the first eviction and doubles
/// as evictions accumulate, up to the next power of two at or above twice the window, so its memory follows the
/// evictions that happened rather than the capacity.
/// </summary>
internal sealed class GhostQueue
{
    private const int Probes = 4;
    private const int MinSize = 16;
    private const int MaxSize = 1 << 30;
    private readonly int _window;
    private readonly int _maxSize;
    private int[] _hashes = Array.Empty<int>();
    private long[] _stamps = Array.Empty<long>(); // 0: empty
    private int _mask = -1;
    private long _clock;

    public GhostQueue(int window)
    {
        _window = Math.Max(1, window);
        long size = MinSize;
        while (size < 2L * _window && size < MaxSize)
        {
            size <<= 1;
        }

        _maxSize = (int)size;
    }

    /// <summary>Gets the number of slots allocated (for tests).</summary>
    internal int Size => _hashes.Length;

    public void Add(int hash)
    {
        long now = ++_clock;

        // Grow while the hashes added so far (an upper bound on the live ones) would fill more than half the table.
        if (now > _hashes.Length / 2 && _hashes.Length < _maxSize)
        {
            Resize(Math.Max(MinSize, _hashes.Length * 2));
        }

        Put(hash, now);
    }

    public bool Contains(int hash)
    {
        int start = hash & _mask;
        for (int i = 0; i < Probes && _mask >= 0; i++)
        {
            int j = (start + i) & _mask;
            long stamp = _stamps[j];
            if (stamp != 0 && _hashes[j] == hash && _clock - stamp < _window)
            {
                return true;
            }
        }

        return false;
    }

    public void Clear()
    {
        _hashes = Array.Empty<int>();
        _stamps = Array.Empty<long>();
        _mask = -1;
        _clock = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put(int hash, long now)
    {
        int start = hash & _mask;
        int victim = start;
        long oldest = long.MaxValue;
        for (int i = 0; i < Probes; i++)
        {
            int j = (start + i) & _mask;
            long stamp = _stamps[j];
            if (stamp == 0 || now - stamp > _window || _hashes[j] == hash)
            {
                victim = j;
                break;
            }

            if (stamp < oldest)
            {
                oldest = stamp;
                victim = j;
            }
        }

        _hashes[victim] = hash;
        _stamps[victim] = now;
    }

    /// <summary>Moves the live entries to a table of <paramref name="size"/> slots, oldest first (so that, where probe
    /// windows overflow, the newest entries are the ones kept).</summary>
    private void Resize(int size)
    {
        int[] hashes = _hashes;
        long[] stamps = _stamps;
        var live = new List<(long Stamp, int Hash)>();
        for (int i = 0; i < stamps.Length; i++)
        {
            if (stamps[i] != 0 && _clock - stamps[i] < _window)
            {
                live.Add((stamps[i], hashes[i]));
            }
        }

        live.Sort((a, b) => a.Stamp.CompareTo(b.Stamp));
        _hashes = new int[size];
        _stamps = new long[size];
        _mask = size - 1;
        foreach ((long stamp, int hash) in live)
        {
            Put(hash, stamp);
        }
    }
}

/// <summary>A FIFO of cache nodes that tolerates lazily deleted (removed) nodes.</summary>
/// <typeparam name="TNode">The node type.</typeparam>
internal sealed class NodeQueue<TNode>
    where TNode : class
{
    private TNode[] _items = Array.Empty<TNode>(); // allocated on the first enqueue
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
            Grow(Math.Max(16, _items.Length * 2));
        }

        int tail = _head + _count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }

        _items[tail] = node;
        _count++;
    }

    /// <summary>Returns the oldest node without removing it, or null when the queue is empty.</summary>
    public TNode? Peek() => _count == 0 ? null : _items[_head];

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
        _items = Array.Empty<TNode>();
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

/// <summary>
/// The loads (cache nodes in the "loading" state) that the current thread is running, innermost last: a thread that
/// asks for a key it is itself loading gets an exception instead of waiting for itself forever.
/// </summary>
internal static class LoadTracker
{
    [ThreadStatic]
    private static List<object>? t_loading;

    /// <summary>Records a load the current thread starts; returns the thread's list, to pass to <see cref="Pop"/>.</summary>
    public static List<object> Push(object load)
    {
        List<object> loading = t_loading ??= new List<object>();
        loading.Add(load);
        return loading;
    }

    /// <summary>Forgets the innermost load of the thread that owns <paramref name="loading"/>.</summary>
    public static void Pop(List<object> loading) => loading.RemoveAt(loading.Count - 1);

    public static bool IsLoadingOnThisThread(object load)
    {
        List<object>? loading = t_loading;
        if (loading is null)
        {
            return false;
        }

        for (int i = loading.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(loading[i], load))
            {
                return true;
            }
        }

        return false;
    }
}
