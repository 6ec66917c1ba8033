using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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
/// completed. It uses an LRU-family policy with access bits, S3-FIFO (Yang et al., SOSP 2023), which scores at least
/// as well as exact LRU on skewed workloads and resists scans and loops:</para>
/// <list type="bullet">
/// <item><description>Entries are kept in two FIFO queues: a small <i>probation</i> queue (10% of the capacity) and a
/// <i>main</i> queue (90%). A third, <i>ghost</i> queue remembers only the hashes of keys recently evicted from
/// probation.</description></item>
/// <item><description>A new key enters probation, unless its hash is in the ghost queue (it was seen recently) and
/// main is below its share, in which case it enters main directly.</description></item>
/// <item><description>A hit only records the access in the entry (a saturating 2-bit counter, written at most three
/// times per entry); it takes no lock, moves nothing and allocates nothing.</description></item>
/// <item><description>When the cache is full, an insert evicts: from probation while it is over its share, else from
/// main. An entry leaving probation that was read since it was inserted is promoted to main; one never read is evicted
/// and its hash goes to the ghost queue. An entry leaving main that was read gets another round (its counter is
/// decremented, CLOCK-style); one not read since its last round is evicted.</description></item>
/// </list>
/// <para>So a one-off scan of new keys passes through probation without flushing the entries in main, and on a loop
/// slightly larger than the cache the entries in main keep being hit, where exact LRU hits nothing.</para>
/// <para><b>Concurrency.</b> Entries live in the cache's own hash table (chained buckets, like
/// <see cref="ConcurrentDictionary{TKey, TValue}"/>'s): lookups are lock-free (one bucket walk, an access-counter check
/// that writes only while the counter is below its cap, and a striped statistics increment). Writes (inserts, updates,
/// removals, eviction) are serialized by one lock, which also keeps <see cref="Count"/> within <see cref="Capacity"/>.
/// User code (factories) never runs under that lock.</para>
/// <para><b>Stampede protection.</b> Concurrent <see cref="GetOrAdd(TKey, Func{TKey, TValue})"/> calls for the same
/// missing key run the factory once; the others wait and receive the same value. If the factory throws, every waiting
/// caller gets the exception, nothing is cached and the next call tries again. A factory may call the cache for other
/// keys; a recursive call for the same key on the same thread throws <see cref="InvalidOperationException"/> instead of
/// deadlocking. The in-flight load is the entry itself, in a "loading" state, in the same table (no second dictionary and
/// no gate object); a wait handle (the entry's monitor) is only used when a second caller actually waits.</para>
/// <para><b>Statistics.</b> <see cref="Info"/> reports hits, misses and evictions, like Python's <c>cache_info()</c>;
/// <see cref="Clear"/> drops the entries and resets the statistics, like <c>cache_clear()</c>. Hit and miss counters
/// are striped per thread and are approximate under heavy contention.</para>
/// </remarks>
public sealed class LruCache<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private const byte MaxFrequency = 3;
    private const byte Loading = 0;
    private const byte Ready = 1;
    private const byte Failed = 2;
    private const int MinBuckets = 16;

    private static readonly Func<TKey, Func<TKey, TValue>, TValue> s_invokeFactory = static (k, f) => f(k);

    private readonly IEqualityComparer<TKey> _comparer;

    /// <summary>The comparer when it is not the default one; <see langword="null"/> lets value-type keys use the
    /// devirtualized <see cref="EqualityComparer{T}.Default"/>.</summary>
    private readonly IEqualityComparer<TKey>? _customComparer;
    private readonly StripedCounter _stats = new StripedCounter();
    private readonly object _sync = new object();
    private readonly NodeQueue<Node> _small = new NodeQueue<Node>();
    private readonly NodeQueue<Node> _main = new NodeQueue<Node>();
    private readonly GhostQueue _ghost;
    private readonly int _capacity;
    private readonly int _smallTarget;

    /// <summary>The buckets: replaced (release write) under <see cref="_sync"/>, read without a lock. The hit path reads
    /// it plainly (a stale table can only cause a false miss, which <see cref="FindValidated"/> re-checks with an acquire
    /// read), so the JIT may keep it and the comparer field in registers.</summary>
    private Node?[] _buckets;

    /// <summary>Odd while a resize relinks nodes; lock-free readers that miss re-check it (see <see cref="FindValidated"/>).</summary>
    private int _tableVersion;

    /// <summary>Nodes linked in the table (cached entries and loads in flight), for the resize decision.</summary>
    private int _linked;

    /// <summary>Cached entries (not loads in flight); never more than <see cref="_capacity"/>.</summary>
    private int _count;
    private long _evictions;

    /// <summary>Callers blocked on a load in flight (any key), registered under <see cref="_sync"/>; a load that completes
    /// (also under <see cref="_sync"/>) pulses its node only when this is non-zero.</summary>
    private int _waiters;

    /// <summary>The exceptions of failed loads, for their waiters; created on the first failure.</summary>
    private ConditionalWeakTable<Node, ExceptionDispatchInfo>? _failures;

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
        _smallTarget = Math.Max(1, capacity / 10);
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
        _customComparer = ReferenceEquals(_comparer, EqualityComparer<TKey>.Default) ? null : _comparer;
        int buckets = MinBuckets;
        while (buckets < capacity && buckets < 1024)
        {
            buckets <<= 1;
        }

        _buckets = new Node?[buckets];
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
            lock (_sync)
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
        return FindReady(key, HashOf(key)) is not null;
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
        lock (_sync)
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

        lock (_sync)
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
        int hash = HashOf(key);
        lock (_sync)
        {
            Node? node = FindLocked(key, hash);
            if (node is not null && node.Phase == Ready && EqualityComparer<TValue>.Default.Equals(node.Value, comparisonValue))
            {
                ReplaceLocked(node, newValue);
                return true;
            }

            return false;
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
        int hash = HashOf(key);
        if (FindReady(key, hash) is not null)
        {
            lock (_sync)
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
        lock (_sync)
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

    private static void ThrowIfNull(TKey key)
    {
        if (key is null)
        {
            ThrowKeyNull();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowKeyNull() => throw new ArgumentNullException("key");

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
    /// The lock-free lookup of the hit path: one walk of the key's bucket. A node it returns is authoritative (its key
    /// matched), but a <see langword="null"/> may be a false miss while a resize is relinking nodes; callers that must not
    /// report a false miss confirm it with <see cref="FindValidated"/> (or, like <c>GetOrAdd</c>, under the lock).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Node? FindFast(TKey key, int hash)
    {
        Node?[] buckets = _buckets;
        Node? n = buckets[hash & (buckets.Length - 1)];
        if (typeof(TKey).IsValueType && _customComparer is null)
        {
            // One comparer check per lookup, and the JIT devirtualizes (and inlines) the default comparer. Keys whose
            // equality is one machine compare skip the hash pre-check.
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

        for (; n is not null; n = n.Next)
        {
            if (n.Hash == hash && _comparer.Equals(n.Key, key))
            {
                return n;
            }
        }

        return null;
    }

    /// <summary><see cref="FindFast(TKey, int)"/> that also computes the key's hash, with one comparer check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Node? FindFast(TKey key, out int hash)
    {
        if (typeof(TKey).IsValueType && _customComparer is null)
        {
            hash = Spread(EqualityComparer<TKey>.Default.GetHashCode(key));
            Node?[] buckets = _buckets;
            Node? n = buckets[hash & (buckets.Length - 1)];
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
        return FindFast(key, hash);
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

    private Node? FindReady(TKey key, int hash)
    {
        Node? node = FindFast(key, hash) ?? FindValidated(key, hash);
        return node is not null && node.Phase == Ready ? node : null;
    }

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

    private TValue AddOrUpdateCore(TKey key, Func<TKey, TValue>? addValueFactory, TValue addValue, Func<TKey, TValue, TValue> updateValueFactory)
    {
        int hash = HashOf(key);
        while (true)
        {
            Node? node = FindReady(key, hash);
            if (node is not null)
            {
                TValue updated = updateValueFactory(key, node.Value);
                lock (_sync)
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
                lock (_sync)
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
        if (_linked >= _buckets.Length)
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
        if (_small.PhysicalCount + _main.PhysicalCount > (2 * _count) + 64)
        {
            _small.Compact(static n => n.Removed);
            _main.Compact(static n => n.Removed);
        }
    }

    private void EvictOneLocked()
    {
        while (true)
        {
            if (_small.Live > _smallTarget || _main.Live == 0)
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
            else
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
    }

    private void EvictLocked(Node node)
    {
        UnlinkFromTableLocked(node);
        node.Removed = true;
        Volatile.Write(ref _count, _count - 1);
        Volatile.Write(ref _evictions, _evictions + 1);
    }

    /// <summary>
    /// An entry, and the link of its hash chain. A node starts in the <see cref="Loading"/> phase when <c>GetOrAdd</c>
    /// misses (it is then the key's in-flight marker: other callers wait on its monitor) or directly in
    /// <see cref="Ready"/> when a value is stored; only <see cref="Ready"/> nodes are cache entries. Key and hash never
    /// change; the value is written once, before the phase becomes <see cref="Ready"/> (an update stores a new node, so
    /// a reader never sees a torn value).
    /// </summary>
    private sealed class Node
    {
        public readonly TKey Key;
        public readonly int Hash;
        /// <summary><see cref="State"/> of a cached entry whose access counter is 0; with the counter: 4..7.</summary>
        public const int ReadyState = Ready << 2;

        public Node? Next;
        public TValue Value = default!;

        /// <summary>The phase (<see cref="Loading"/>, <see cref="Ready"/>, <see cref="Failed"/>) in bits 2-3 and the
        /// 2-bit access counter in bits 0-1. The phase changes only before the node is a cached entry (from Loading, under
        /// the lock); afterwards hits (lock-free) and eviction (under the lock) only rewrite the counter bits, so a race
        /// between them can lose an access mark but never changes the phase.</summary>
        public volatile byte State;
        public bool InMain;
        public bool Removed;

        public Node(TKey key, int hash)
        {
            Key = key;
            Hash = hash;
        }

        public byte Phase
        {
            get => (byte)(State >> 2);
            set => State = (byte)((value << 2) | (State & MaxFrequency));
        }

        public byte Frequency
        {
            get => (byte)(State & MaxFrequency);
            set => State = (byte)((State & ~MaxFrequency) | value);
        }
    }
}
