using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace SafeCache;

// The hash table: chained buckets with lock-free reads (the node is the entry and its chain link); links change only
// under the write lock, and a resize relinks nodes without copying them.
public sealed partial class LruCache<TKey, TValue>
{
    private const int MinBuckets = 16;

    /// <summary>The largest power-of-two array length; beyond it chains just get longer.</summary>
    private const int MaxBuckets = 1 << 30;

    /// <summary>The buckets: replaced (release write) under <see cref="_sync"/>, read without a lock. The hit path reads
    /// it plainly (a stale table can only cause a false miss, which <see cref="FindValidated"/> re-checks with an acquire
    /// read), so the JIT may keep it and the comparer field in registers.</summary>
    private Node?[] _buckets;

    /// <summary>Odd while a resize relinks nodes; lock-free readers that miss re-check it (see <see cref="FindValidated"/>).</summary>
    private int _tableVersion;

    /// <summary>Nodes linked in the table (cached entries and loads in flight), for the resize decision.</summary>
    private int _linked;

    /// <summary>Gets a value indicating whether keys are compared by one machine instruction (a JIT-time constant).</summary>
    private static bool IsPrimitiveKey =>
        typeof(TKey) == typeof(int) || typeof(TKey) == typeof(long) || typeof(TKey) == typeof(uint) ||
        typeof(TKey) == typeof(ulong) || typeof(TKey) == typeof(short) || typeof(TKey) == typeof(ushort) ||
        typeof(TKey) == typeof(byte) || typeof(TKey) == typeof(sbyte) || typeof(TKey) == typeof(char) ||
        typeof(TKey) == typeof(nint) || typeof(TKey) == typeof(nuint);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Spread(int hash)
    {
        // Fibonacci multiply, then fold the high bits down: the bucket index uses the low bits.
        uint h = (uint)hash * 0x9E3779B1u;
        return (int)(h ^ (h >> 15));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int HashOf(TKey key)
    {
        if (typeof(TKey).IsValueType && _customComparer is null)
        {
            return Spread(EqualityComparer<TKey>.Default.GetHashCode(key));
        }

        return Spread(_comparer.GetHashCode(key));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool KeyEquals(TKey stored, TKey key)
    {
        if (typeof(TKey).IsValueType && _customComparer is null)
        {
            return EqualityComparer<TKey>.Default.Equals(stored, key);
        }

        return _comparer.Equals(stored, key);
    }

    /// <summary>
    /// The lock-free lookup of the hit path: computes the key's hash and walks its bucket once, with one comparer check.
    /// A node it returns is authoritative (its key matched), but a <see langword="null"/> may be a false miss while a
    /// resize is relinking nodes; callers that must not report a false miss confirm it with <see cref="FindValidated"/>
    /// (or, like <c>GetOrAdd</c>, under the lock).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Node? FindFast(TKey key, out int hash)
    {
        Node? n;
        if (typeof(TKey).IsValueType && _customComparer is null)
        {
            // The JIT devirtualizes (and inlines) the default comparer. Keys whose equality is one machine compare skip
            // the hash pre-check.
            hash = Spread(EqualityComparer<TKey>.Default.GetHashCode(key));
            Node?[] table = _buckets;
            n = table[hash & (table.Length - 1)];
            if (IsPrimitiveKey)
            {
                for (; n is not null; n = n.Next)
                {
                    if (EqualityComparer<TKey>.Default.Equals(n.Key, key))
                    {
                        return n;
                    }
                }

                return null;
            }

            for (; n is not null; n = n.Next)
            {
                if (n.Hash == hash && EqualityComparer<TKey>.Default.Equals(n.Key, key))
                {
                    return n;
                }
            }

            return null;
        }

        hash = Spread(_comparer.GetHashCode(key));
        Node?[] buckets = _buckets;
        for (n = buckets[hash & (buckets.Length - 1)]; n is not null; n = n.Next)
        {
            if (n.Hash == hash && _comparer.Equals(n.Key, key))
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>A lock-free lookup that never reports a false miss: it retries when a resize ran during the walk.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Node? FindValidated(TKey key, int hash)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            int version = Volatile.Read(ref _tableVersion);
            if ((version & 1) == 0)
            {
                Node?[] buckets = Volatile.Read(ref _buckets);

                // Acquire reads of the links: the version re-read below cannot move before them.
                for (Node? n = Volatile.Read(ref buckets[hash & (buckets.Length - 1)]); n is not null; n = Volatile.Read(ref n.Next))
                {
                    if (n.Hash == hash && KeyEquals(n.Key, key))
                    {
                        return n;
                    }
                }

                if (Volatile.Read(ref _tableVersion) == version)
                {
                    return null;
                }
            }

            spinner.SpinOnce();
        }
    }

    private Node? FindReady(TKey key, out int hash)
    {
        Node? node = FindFast(key, out hash) ?? FindValidated(key, hash);
        return node is not null && node.Phase == Ready ? node : null;
    }

    private List<Node> Snapshot()
    {
        lock (_sync)
        {
            var nodes = new List<Node>(_count);
            Node?[] buckets = _buckets;
            for (int i = 0; i < buckets.Length; i++)
            {
                for (Node? n = buckets[i]; n is not null; n = n.Next)
                {
                    if (n.Phase == Ready)
                    {
                        nodes.Add(n);
                    }
                }
            }

            return nodes;
        }
    }

    private Node? FindLocked(TKey key, int hash)
    {
        Node?[] buckets = _buckets;
        for (Node? n = buckets[hash & (buckets.Length - 1)]; n is not null; n = n.Next)
        {
            if (n.Hash == hash && KeyEquals(n.Key, key))
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>Links a node at the head of its bucket (published with a release write), growing the table if needed.</summary>
    private void LinkLocked(Node node)
    {
        if (_linked >= _buckets.Length && _buckets.Length < MaxBuckets)
        {
            GrowLocked();
        }

        Node?[] buckets = _buckets;
        ref Node? head = ref buckets[node.Hash & (buckets.Length - 1)];
        node.Next = head;
        Volatile.Write(ref head, node);
        _linked++;
    }

    /// <summary>Unlinks a node from its chain. The node's own Next is left intact, so a reader standing on it keeps walking.</summary>
    private void UnlinkFromTableLocked(Node node)
    {
        SwapInTableLocked(node, node.Next);
        _linked--;
    }

    /// <summary>Puts <paramref name="replacement"/> (a node, or the rest of the chain) where <paramref name="node"/> was.</summary>
    private void SwapInTableLocked(Node node, Node? replacement)
    {
        Node?[] buckets = _buckets;
        ref Node? link = ref buckets[node.Hash & (buckets.Length - 1)];
        while (link is not null)
        {
            if (ReferenceEquals(link, node))
            {
                Volatile.Write(ref link, replacement);
                return;
            }

            link = ref link.Next;
        }
    }

    /// <summary>
    /// Doubles the buckets and relinks the nodes (no copies: nodes are identities for the queues and for loads in flight).
    /// Lock-free readers that miss during the relinking notice the odd/changed version and retry.
    /// </summary>
    private void GrowLocked()
    {
        Node?[] old = _buckets;
        var grown = new Node?[old.Length * 2];
        int mask = grown.Length - 1;
        Interlocked.Increment(ref _tableVersion); // odd: relinking (full fence: no link below is visible before it)
        for (int i = 0; i < old.Length; i++)
        {
            Node? n = old[i];
            while (n is not null)
            {
                Node? next = n.Next;
                ref Node? head = ref grown[n.Hash & mask];

                // Release writes: a reader that follows a relinked pointer also sees the earlier relinks, so it never
                // loops; it may miss an entry, which FindValidated detects through the version.
                Volatile.Write(ref n.Next, head);
                head = n;
                n = next;
            }
        }

        Volatile.Write(ref _buckets, grown);
        Interlocked.Increment(ref _tableVersion); // even again
    }
}
