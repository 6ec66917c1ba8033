using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;

namespace SafeCache;

/// <summary>
/// A thread-safe, bounded cache with the members of <see cref="Dictionary{TKey, TValue}"/> and
/// <see cref="ConcurrentDictionary{TKey, TValue}"/> that memo caches use, so that an unbounded memo dictionary can be
/// replaced by changing only the field's type.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// <para><b>Eviction policy.</b> The cache never holds more than <see cref="Capacity"/> entries once an operation has
/// completed. It uses S3-FIFO's queues (Yang et al., SOSP 2023) with TinyLFU admission and an adaptive window (as in
/// W-TinyLFU): docs/runtime.md describes it in full.</para>
/// <list type="bullet">
/// <item><description>Entries are kept in two FIFO queues: a small <i>probation</i> queue, whose share starts at 1% of
/// the capacity and adapts between one entry and 20% by hill climbing on the hit rate, and a <i>main</i> queue. A
/// <i>ghost</i> queue remembers only the hashes of keys recently evicted from probation, and a count-min sketch
/// estimates each key's recent frequency.</description></item>
/// <item><description>A hit only records the access in the entry (a saturating 2-bit counter) and, while that counter
/// rises, in the sketch; it takes no lock, moves nothing and allocates nothing.</description></item>
/// <item><description>When the cache is full, an insert evicts from probation while it is over its share: an entry read
/// there is promoted to main; one never read replaces main's next victim only if it came back recently (ghost) and the
/// sketch rates it more frequent, and is evicted otherwise. Else main evicts CLOCK-style.</description></item>
/// </list>
/// <para>So a scan of new keys never displaces main, and on a loop slightly larger than the cache most keys stay
/// cached, where exact LRU hits nothing.</para>
/// <para><b>Concurrency.</b> Entries live in the cache's own hash table (chained buckets, like
/// <see cref="ConcurrentDictionary{TKey, TValue}"/>'s): lookups are lock-free (one bucket walk, an access-counter check
/// that writes only while the counter is below its cap, and a striped statistics increment). Writes (inserts, updates,
/// removals, eviction) are serialized by one lock, which also keeps <see cref="Count"/> within <see cref="Capacity"/>.
/// Factories and the comparer's <c>GetHashCode</c> never run under that lock; the comparer's <c>Equals</c> does (to tell
/// colliding keys apart), and a write to the same cache from it throws <see cref="InvalidOperationException"/>.
/// Every operation is linearizable; docs/runtime.md states what a load detached by <see cref="Clear"/> or by a store of
/// its key returns.</para>
/// <para><b>Stampede protection.</b> Concurrent <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/> calls for the same
/// missing key run the factory once; the others wait and receive the same value. If the factory throws, every waiting
/// caller gets the exception, nothing is cached and the next call tries again; every path out of a load releases its
/// waiters. A factory may call the cache for other
/// keys; a recursive call for the same key on the same thread throws <see cref="InvalidOperationException"/> instead of
/// deadlocking. The in-flight load is the entry itself, in a "loading" state, in the same table (no second dictionary and
/// no gate object); a wait handle (the entry's monitor) is only used when a second caller actually waits.</para>
/// <para><b>Statistics.</b> <see cref="Info"/> reports hits, misses and evictions, like Python's <c>cache_info()</c>;
/// <see cref="Clear"/> drops the entries and resets the statistics, like <c>cache_clear()</c>. Hit and miss counters
/// are striped per thread and are approximate under heavy contention.</para>
/// </remarks>
public sealed partial class LruCache<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly IEqualityComparer<TKey> _comparer;

    /// <summary>The comparer when it is not the default one; <see langword="null"/> lets value-type keys use the
    /// devirtualized <see cref="EqualityComparer{T}.Default"/>.</summary>
    private readonly IEqualityComparer<TKey>? _customComparer;
    private readonly StripedCounter _stats = new StripedCounter();
    private readonly object _sync = new object();

    private readonly int _capacity;

    /// <summary>Initializes a new cache that holds at most <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The maximum number of entries; at least 1.</param>
    /// <param name="comparer">The key comparer; <see langword="null"/> for <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public LruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        }

        _capacity = capacity;
        ResetPolicy();
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
        _customComparer = ReferenceEquals(_comparer, EqualityComparer<TKey>.Default) ? null : _comparer;

        // The capacity is a bound, not an expected size: the table, the queues and the ghost table start small and grow
        // with the entries, so construction costs the same few hundred bytes at any capacity.
        _buckets = new Node?[MinBuckets];
        _ghost = new GhostQueue(Math.Max(1, capacity - _smallTarget));
    }

    /// <summary>Gets the maximum number of entries the cache holds.</summary>
    public int Capacity => _capacity;

    /// <summary>Gets the key comparer.</summary>
    public IEqualityComparer<TKey> Comparer => _comparer;

    /// <summary>Gets the number of entries; never more than <see cref="Capacity"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets a value indicating whether the cache is empty.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Gets a snapshot of the statistics: hits, misses, evictions, capacity and count.</summary>
    public CacheInfo Info => new CacheInfo(_stats.Hits, _stats.Misses, Volatile.Read(ref _evictions), _capacity, Count);

    /// <summary>Gets a snapshot of the keys.</summary>
    public ICollection<TKey> Keys
    {
        get
        {
            List<Node> nodes = Snapshot();
            var keys = new List<TKey>(nodes.Count);
            foreach (Node node in nodes)
            {
                keys.Add(node.Key);
            }

            return new ReadOnlyCollection<TKey>(keys);
        }
    }

    /// <summary>Gets a snapshot of the values.</summary>
    public ICollection<TValue> Values
    {
        get
        {
            List<Node> nodes = Snapshot();
            var values = new List<TValue>(nodes.Count);
            foreach (Node node in nodes)
            {
                values.Add(node.Value);
            }

            return new ReadOnlyCollection<TValue>(values);
        }
    }

    /// <summary>Gets the number of queue slots in use, including lazily deleted nodes (for tests).</summary>
    internal int QueuedNodeCount
    {
        get
        {
            lock (_sync)
            {
                return _small.PhysicalCount + _main.PhysicalCount;
            }
        }
    }

    /// <summary>Gets the number of nodes linked in the hash table, including loads in flight (for tests).</summary>
    internal int LinkedNodeCount
    {
        get
        {
            lock (_sync)
            {
                return _linked;
            }
        }
    }

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => Keys;

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => Values;

    /// <summary>Gets or sets the value for a key. Setting adds the entry or replaces its value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The cached value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">Getting, and the key is not in the cache.</exception>
    public TValue this[TKey key]
    {
        get
        {
            if (!TryGetValue(key, out TValue? value))
            {
                throw new KeyNotFoundException($"The given key '{key}' was not present in the cache.");
            }

            return value;
        }

        set
        {
            ThrowIfNull(key);
            int hash = HashOf(key);
            lock (WriteLock)
            {
                Node? existing = FindLocked(key, hash);
                if (existing is not null && existing.Phase == Ready)
                {
                    ReplaceLocked(existing, value);
                }
                else
                {
                    InsertLocked(key, hash, value, existing);
                }
            }
        }
    }

    /// <summary>Looks up a key; counts a hit or a miss.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The cached value, or default when the key is not in the cache.</param>
    /// <returns><see langword="true"/> if the key was found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
#if NETSTANDARD2_0
#pragma warning disable CS8767 // netstandard2.0's IReadOnlyDictionary is not annotated for nullability.
#endif
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
#if NETSTANDARD2_0
#pragma warning restore CS8767
#endif
    {
        ThrowIfNull(key);
        Node? node = FindFast(key, out int hash) ?? FindValidated(key, hash);
        if (node is not null && TryRecordHit(node))
        {
            value = node.Value;
            return true;
        }

        _stats.Miss();
        value = default;
        return false;
    }

    /// <summary>Determines whether the cache holds a key, without counting it as an access.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if the key is in the cache.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool ContainsKey(TKey key)
    {
        ThrowIfNull(key);
        return FindReady(key, out _) is not null;
    }

    /// <summary>
    /// Returns the cached value for a key, or runs <paramref name="valueFactory"/> once (even under concurrent calls for
    /// the same key), caches and returns its result.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Computes the value of a missing key. It runs outside the cache's lock.</param>
    /// <returns>The cached or computed value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="valueFactory"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The factory recursively asked for the same key.</exception>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> valueFactory)
    {
        ThrowIfNull(key);
        if (valueFactory is null)
        {
            throw new ArgumentNullException(nameof(valueFactory));
        }

        Node? node = FindFast(key, out int hash);
        if (node is not null && TryRecordHit(node))
        {
            return node.Value;
        }

        return Load(key, hash, s_invokeFactory, valueFactory);
    }

    /// <summary>
    /// Returns the cached value for a key, or runs <paramref name="valueFactory"/> with <paramref name="factoryArgument"/>
    /// once (even under concurrent calls for the same key), caches and returns its result.
    /// </summary>
    /// <typeparam name="TArg">The type of the factory argument.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Computes the value of a missing key. It runs outside the cache's lock.</param>
    /// <param name="factoryArgument">The argument passed to <paramref name="valueFactory"/>.</param>
    /// <returns>The cached or computed value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="valueFactory"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The factory recursively asked for the same key.</exception>
    public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> valueFactory, TArg factoryArgument)
    {
        ThrowIfNull(key);
        if (valueFactory is null)
        {
            throw new ArgumentNullException(nameof(valueFactory));
        }

        Node? node = FindFast(key, out int hash);
        if (node is not null && TryRecordHit(node))
        {
            return node.Value;
        }

        return Load(key, hash, valueFactory, factoryArgument);
    }

    /// <summary>Returns the cached value for a key, or adds <paramref name="value"/> and returns it.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value to add if the key is missing.</param>
    /// <returns>The cached value, or <paramref name="value"/> if it was added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public TValue GetOrAdd(TKey key, TValue value)
    {
        ThrowIfNull(key);
        Node? node = FindFast(key, out int hash);
        if (node is not null && TryRecordHit(node))
        {
            return node.Value;
        }

        _stats.Miss();
        return AddIfAbsent(key, hash, value);
    }

    /// <summary>Adds <paramref name="value"/> unless a ready entry holds the key; returns the value the cache then holds.</summary>
    private TValue AddIfAbsent(TKey key, int hash, TValue value)
    {
        lock (WriteLock)
        {
            Node? existing = FindLocked(key, hash);
            if (existing is not null && existing.Phase == Ready)
            {
                return existing.Value;
            }

            InsertLocked(key, hash, value, existing);
            return value;
        }
    }

    /// <summary>Adds an entry if the key is missing.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> if the entry was added; <see langword="false"/> if the key was already present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryAdd(TKey key, TValue value)
    {
        ThrowIfNull(key);
        Node? node = FindFast(key, out int hash);
        if (node is not null && node.Phase == Ready)
        {
            return false;
        }

        lock (WriteLock)
        {
            Node? existing = FindLocked(key, hash);
            if (existing is not null && existing.Phase == Ready)
            {
                return false;
            }

            InsertLocked(key, hash, value, existing);
            return true;
        }
    }

    /// <summary>Adds an entry; throws if the key is already present, like <see cref="Dictionary{TKey, TValue}.Add"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An entry with the same key is already in the cache.</exception>
    public void Add(TKey key, TValue value)
    {
        if (!TryAdd(key, value))
        {
            throw new ArgumentException($"An item with the same key has already been added. Key: {key}", nameof(key));
        }
    }

    /// <summary>Adds an entry, or replaces the value of an existing one with <paramref name="updateValueFactory"/>'s result.</summary>
    /// <param name="key">The key.</param>
    /// <param name="addValue">The value to add if the key is missing.</param>
    /// <param name="updateValueFactory">Computes the new value from the key and the current value. It runs outside the
    /// cache's lock and may run more than once under contention, like <see cref="ConcurrentDictionary{TKey, TValue}"/>'s.</param>
    /// <returns>The value now cached for the key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="updateValueFactory"/> is <see langword="null"/>.</exception>
    public TValue AddOrUpdate(TKey key, TValue addValue, Func<TKey, TValue, TValue> updateValueFactory)
    {
        ThrowIfNull(key);
        if (updateValueFactory is null)
        {
            throw new ArgumentNullException(nameof(updateValueFactory));
        }

        return AddOrUpdateCore(key, null, addValue, updateValueFactory);
    }

    /// <summary>Adds an entry with <paramref name="addValueFactory"/>'s result, or replaces the value of an existing one with
    /// <paramref name="updateValueFactory"/>'s result.</summary>
    /// <param name="key">The key.</param>
    /// <param name="addValueFactory">Computes the value of a missing key. It runs outside the cache's lock.</param>
    /// <param name="updateValueFactory">Computes the new value from the key and the current value. It runs outside the
    /// cache's lock and may run more than once under contention.</param>
    /// <returns>The value now cached for the key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public TValue AddOrUpdate(TKey key, Func<TKey, TValue> addValueFactory, Func<TKey, TValue, TValue> updateValueFactory)
    {
        ThrowIfNull(key);
        if (addValueFactory is null)
        {
            throw new ArgumentNullException(nameof(addValueFactory));
        }

        if (updateValueFactory is null)
        {
            throw new ArgumentNullException(nameof(updateValueFactory));
        }

        return AddOrUpdateCore(key, addValueFactory, default!, updateValueFactory);
    }

    /// <summary>Replaces the value of a key if its current value equals <paramref name="comparisonValue"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="newValue">The new value.</param>
    /// <param name="comparisonValue">The value the entry must currently hold.</param>
    /// <returns><see langword="true"/> if the value was replaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryUpdate(TKey key, TValue newValue, TValue comparisonValue)
    {
        ThrowIfNull(key);

        // The values are compared outside the lock (TValue.Equals is user code); a node's value never changes (an update
        // stores a new node), so the comparison still holds if the node is still the key's entry under the lock.
        while (true)
        {
            Node? node = FindReady(key, out int hash);
            if (node is null || !EqualityComparer<TValue>.Default.Equals(node.Value, comparisonValue))
            {
                return false;
            }

            lock (WriteLock)
            {
                if (ReferenceEquals(FindLocked(key, hash), node))
                {
                    ReplaceLocked(node, newValue);
                    return true;
                }
            }
        }
    }

    /// <summary>Removes a key and returns its value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value, or default when the key was not present.</param>
    /// <returns><see langword="true"/> if the key was removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        ThrowIfNull(key);
        if (FindReady(key, out int hash) is not null)
        {
            lock (WriteLock)
            {
                Node? node = FindLocked(key, hash);
                if (node is not null && node.Phase == Ready)
                {
                    UnlinkLocked(node);
                    value = node.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Removes a key and returns its value, like <c>Dictionary.Remove(key, out value)</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value, or default when the key was not present.</param>
    /// <returns><see langword="true"/> if the key was removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool Remove(TKey key, [MaybeNullWhen(false)] out TValue value) => TryRemove(key, out value);

    /// <summary>Removes a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> if the key was removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool Remove(TKey key) => TryRemove(key, out _);

    /// <summary>Removes every entry and resets the statistics (Python's <c>cache_clear()</c>).</summary>
    /// <remarks>A load already running when <see cref="Clear"/> is called still stores its value when it completes.</remarks>
    public void Clear()
    {
        lock (WriteLock)
        {
            Node?[] buckets = _buckets;
            for (int i = 0; i < buckets.Length; i++)
            {
                for (Node? n = buckets[i]; n is not null; n = n.Next)
                {
                    n.Removed = true; // a load in flight sees it was detached and links itself again when it completes
                }
            }

            // Readers walking a chain keep walking it: only the bucket heads are cleared, never a node's Next.
            Array.Clear(buckets, 0, buckets.Length);
            _linked = 0;
            _small.Clear();
            _main.Clear();
            _ghost.Clear();
            _sketch.Clear();
            ResetPolicy();
            Volatile.Write(ref _count, 0);
            Volatile.Write(ref _evictions, 0);
            _stats.Reset();
        }
    }

    /// <summary>Enumerates the entries without counting accesses. The enumeration works on a snapshot taken when it
    /// starts, so it is safe during concurrent writes.</summary>
    /// <returns>An enumerator of the entries.</returns>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        foreach (Node node in Snapshot())
        {
            yield return new KeyValuePair<TKey, TValue>(node.Key, node.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Gets the write lock's monitor, for a <c>lock</c> statement; throws if this thread already holds it. The only user
    /// code that runs under the lock is the comparer's <c>Equals</c> (to tell colliding keys apart); a comparer that
    /// wrote to this cache from there would re-enter the (reentrant) monitor and corrupt the operation it interrupted,
    /// so it gets an exception instead, like a factory that asks for its own key.
    /// </summary>
    private object WriteLock
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            // Keys compared by one machine instruction with the default comparer run no user code: no check needed (a
            // JIT-time constant plus one field test, so the miss path of such caches pays nothing for it).
            if (!(IsPrimitiveKey && _customComparer is null) && Monitor.IsEntered(_sync))
            {
                ThrowReentrant();
            }

            return _sync;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowReentrant() => throw new InvalidOperationException(
        "The cache was modified from its key comparer's Equals, which runs under the cache's write lock. " +
        "A comparer must not write to the cache it compares keys for.");

    private static void ThrowIfNull(TKey key)
    {
        if (key is null)
        {
            ThrowKeyNull();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowKeyNull() => throw new ArgumentNullException("key");

    private TValue AddOrUpdateCore(TKey key, Func<TKey, TValue>? addValueFactory, TValue addValue, Func<TKey, TValue, TValue> updateValueFactory)
    {
        while (true)
        {
            Node? node = FindReady(key, out int hash);
            if (node is not null)
            {
                TValue updated = updateValueFactory(key, node.Value);
                lock (WriteLock)
                {
                    if (ReferenceEquals(FindLocked(key, hash), node))
                    {
                        ReplaceLocked(node, updated);
                        return updated;
                    }
                }
            }
            else
            {
                TValue added = addValueFactory is null ? addValue : addValueFactory(key);
                lock (WriteLock)
                {
                    Node? existing = FindLocked(key, hash);
                    if (existing is null || existing.Phase != Ready)
                    {
                        InsertLocked(key, hash, added, existing);
                        return added;
                    }
                }
            }
        }
    }
}
