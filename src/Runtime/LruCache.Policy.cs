using System.Runtime.CompilerServices;
using System.Threading;

namespace SafeCache;

// The eviction policy: S3-FIFO over a probation and a main queue, with a ghost table of recently evicted hashes; all
// of it runs under the write lock except the hit path's access mark.
public sealed partial class LruCache<TKey, TValue>
{
    private const byte MaxFrequency = 3;

    private readonly NodeQueue<Node> _small = new NodeQueue<Node>();
    private readonly NodeQueue<Node> _main = new NodeQueue<Node>();
    private readonly GhostQueue _ghost;

    private readonly int _smallTarget;

    /// <summary>Cached entries (not loads in flight); never more than <see cref="_capacity"/>.</summary>
    private int _count;
    private long _evictions;

    /// <summary>The hit path's access mark: if the node is a cached entry (not a load in flight), counts a hit, bumps
    /// its access counter and returns <see langword="true"/>. Phase and counter share one byte, so this is one load; it
    /// writes the node only while the counter is below its cap, so a hot entry's cache line is not written by every hit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryRecordHit(Node node)
    {
        int state = node.State;
        if ((uint)(state - Node.ReadyState) > MaxFrequency)
        {
            return false;
        }

        if (state != Node.ReadyState + MaxFrequency)
        {
            node.State = (byte)(state + 1);
        }

        _stats.Hit();
        return true;
    }

    /// <summary>
    /// Stores a new entry for a key that has no cached value; <paramref name="loading"/> is the key's load in flight,
    /// if any: it is detached (its loader will return the value stored here).
    /// </summary>
    private void InsertLocked(TKey key, int hash, TValue value, Node? loading)
    {
        var node = new Node(key, hash) { Value = value };
        AdmitLocked(node);
        node.Phase = Ready;
        if (loading is not null)
        {
            // Read loading.Next after AdmitLocked (eviction may have unlinked it) and before node is published.
            node.Next = loading.Next;
            SwapInTableLocked(loading, node);
            loading.Removed = true;
        }
        else
        {
            LinkLocked(node);
        }
    }

    /// <summary>Puts a node into probation or main, evicting first if the cache is full.</summary>
    private void AdmitLocked(Node node)
    {
        // Decide where the key goes before evicting: eviction itself frees room in main.
        bool toMain = _ghost.Contains(node.Hash) && MainAdmitsLocked();
        while (_count >= _capacity)
        {
            EvictOneLocked();
        }

        if (toMain)
        {
            node.InMain = true;
            _main.Enqueue(node);
            _main.Live++;
        }
        else
        {
            _small.Enqueue(node);
            _small.Live++;
        }

        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>
    /// A key seen recently (its hash is in the ghost queue) goes straight to main only while main is below its share.
    /// Otherwise it goes through probation like a new key and must earn promotion with a hit: this keeps a loop larger
    /// than the cache from churning the entries that main keeps hitting.
    /// </summary>
    private bool MainAdmitsLocked() => _main.Live < _capacity - _smallTarget;

    private void ReplaceLocked(Node old, TValue value)
    {
        var node = new Node(old.Key, old.Hash) { Value = value, Frequency = old.Frequency, InMain = old.InMain, Phase = Ready };
        node.Next = old.Next;
        SwapInTableLocked(old, node);
        old.Removed = true;
        (node.InMain ? _main : _small).Enqueue(node);
        CompactIfNeededLocked();
    }

    private void UnlinkLocked(Node node)
    {
        UnlinkFromTableLocked(node);
        node.Removed = true;
        if (node.InMain)
        {
            _main.Live--;
        }
        else
        {
            _small.Live--;
        }

        Volatile.Write(ref _count, _count - 1);
        CompactIfNeededLocked();
    }

    private void CompactIfNeededLocked()
    {
        if ((long)_small.PhysicalCount + _main.PhysicalCount > (2L * _count) + 64)
        {
            _small.Compact(static n => n.Removed);
            _main.Compact(static n => n.Removed);
        }
    }

    /// <summary>
    /// Evicts one entry. Probation is examined while it holds more than its share (or main is empty): its entries that
    /// were read are promoted to main and the examination goes on in probation until an entry that was never read is
    /// evicted (as in the S3-FIFO paper), so a promotion never turns the eviction onto main while probation still holds
    /// an entry that was never read. Otherwise main is examined, CLOCK-style.
    /// </summary>
    private void EvictOneLocked()
    {
        if (_small.Live > _smallTarget || _main.Live == 0)
        {
            while (_small.Live > 0)
            {
                Node? node = _small.Dequeue();
                if (node is null || node.Removed)
                {
                    continue;
                }

                if (node.Frequency > 0)
                {
                    // Read while on probation: promote to main.
                    node.Frequency = 0;
                    node.InMain = true;
                    _small.Live--;
                    _main.Live++;
                    _main.Enqueue(node);
                    continue;
                }

                _small.Live--;
                _ghost.Add(node.Hash);
                EvictLocked(node);
                return;
            }
        }

        while (true)
        {
            Node? node = _main.Dequeue();
            if (node is null || node.Removed)
            {
                continue;
            }

            byte f = node.Frequency;
            if (f > 0)
            {
                node.Frequency = (byte)(f - 1);
                _main.Enqueue(node);
                continue;
            }

            _main.Live--;
            EvictLocked(node);
            return;
        }
    }

    private void EvictLocked(Node node)
    {
        UnlinkFromTableLocked(node);
        node.Removed = true;
        Volatile.Write(ref _count, _count - 1);
        Volatile.Write(ref _evictions, _evictions + 1);
    }
}
