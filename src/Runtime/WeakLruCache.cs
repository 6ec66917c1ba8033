using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache;

/// <summary>
/// A thread-safe cache of per-owner results, shared by all instances of a class, bounded in total entries, that never
/// keeps an owner alive: the weak-reference replacement for a static <c>Dictionary&lt;(Owner, TKey), TValue&gt;</c> memo
/// and for per-instance caches that must not outlive their instance.
/// </summary>
/// <typeparam name="TOwner">The owner type (typically the class whose method is memoized).</typeparam>
/// <typeparam name="TKey">The key type within an owner (the method's arguments; use a value tuple for several).</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <remarks>
/// <para>Owners are compared by reference identity; their <see cref="object.Equals(object)"/> and
/// <see cref="object.GetHashCode"/> are never called, so mutable or unhashable owners work.</para>
/// <para>The values of an owner are stored in a <see cref="ConditionalWeakTable{TKey, TValue}"/> keyed by the owner
/// (ephemeron semantics): a value that references its owner does not keep the owner alive. Once an owner is collected,
/// its entries are unreachable; they stop counting against <see cref="Capacity"/> when the cache next needs room (they
/// are purged lazily, before any live entry is evicted).</para>
/// <para>The eviction structure holds each entry's key strongly (never its value or owner) until the entry is evicted
/// or purged, so a key should not reference its owner.</para>
/// <para>The eviction policy is CLOCK (second chance) over all entries of all owners: a hit sets the entry's access
/// counter without a lock; an insert into a full cache evicts the first entry not read since the clock hand last
/// passed it. Lookups are lock-free; inserts, removals and eviction take one lock. Unlike
/// <see cref="LruCache{TKey, TValue}"/>, concurrent <see cref="GetOrAdd"/> calls for the same missing key may each run
/// the factory (like <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd(TKey, Func{TKey, TValue})"/>); all of them
/// return the value that was stored first.</para>
/// </remarks>
public sealed class WeakLruCache<TOwner, TKey, TValue>
    where TOwner : class
{
    private const byte MaxFrequency = 3;

    private readonly object _sync = new object();
    private readonly NodeQueue<Ticket> _queue = new NodeQueue<Ticket>();
    private readonly StripedCounter _stats = new StripedCounter();
    private readonly IEqualityComparer<ValueTuple<TKey>>? _keyComparer;
    private readonly int _capacity;
    private readonly int _sweepInterval;
    private ConditionalWeakTable<TOwner, Bucket> _buckets = new ConditionalWeakTable<TOwner, Bucket>();
    private int _count;
    private long _evictions;
    private int _insertsSinceSweep;
    private AsyncLoads<OwnedKey, TValue>? _asyncLoads;

    private static readonly Func<OwnedKey, Func<TOwner, TKey, CancellationToken, ValueTask<TValue>>, CancellationToken, ValueTask<TValue>> s_invokeAsyncFactory =
        static (k, f, ct) => f(k.Owner, k.Key, ct);

    /// <summary>Initializes a new cache that holds at most <paramref name="capacity"/> entries in total, across all owners.</summary>
    /// <param name="capacity">The maximum number of entries; at least 1.</param>
    /// <param name="comparer">The key comparer; <see langword="null"/> for <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public WeakLruCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        }

        _capacity = capacity;
        _sweepInterval = Math.Max(1, capacity / 4);
        _insertsSinceSweep = _sweepInterval;
        _keyComparer = comparer is null ? null : new BoxComparer(comparer);
    }

    /// <summary>Gets the maximum number of entries the cache holds, across all owners.</summary>
    public int Capacity => _capacity;

    /// <summary>Gets the number of entries, including entries of collected owners that have not been purged yet.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets a snapshot of the statistics: hits, misses, evictions, capacity and count.</summary>
    public CacheInfo Info => new CacheInfo(_stats.Hits, _stats.Misses, Interlocked.Read(ref _evictions), _capacity, Count);

    /// <summary>Returns the cached value for an owner and key, or computes, caches and returns it.</summary>
    /// <param name="owner">The owner; compared by reference.</param>
    /// <param name="key">The key within the owner.</param>
    /// <param name="valueFactory">Computes the value of a missing entry. It runs outside the cache's lock.</param>
    /// <returns>The cached or computed value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> or <paramref name="valueFactory"/> is <see langword="null"/>.</exception>
    public TValue GetOrAdd(TOwner owner, TKey key, Func<TOwner, TKey, TValue> valueFactory)
    {
        if (owner is null)
        {
            throw new ArgumentNullException(nameof(owner));
        }

        if (valueFactory is null)
        {
            throw new ArgumentNullException(nameof(valueFactory));
        }

        var boxed = new ValueTuple<TKey>(key);
        ConditionalWeakTable<TOwner, Bucket> buckets = Volatile.Read(ref _buckets);
        if (buckets.TryGetValue(owner, out Bucket? bucket) && bucket.Cells.TryGetValue(boxed, out Cell cell))
        {
            RecordHit(cell.Ticket);
            return cell.Value;
        }

        _stats.Miss();
        TValue value = valueFactory(owner, key);
        return Store(owner, boxed, value);
    }

    /// <summary>
    /// Returns the cached value for an owner and key, or runs <paramref name="valueFactory"/> once for all concurrent
    /// callers of the missing entry (single flight), caches and returns its result. The guarantees are those of
    /// <see cref="LruCache{TKey, TValue}.GetOrAddAsync"/>; the owner is held strongly only while its load runs.
    /// </summary>
    /// <param name="owner">The owner; compared by reference.</param>
    /// <param name="key">The key within the owner.</param>
    /// <param name="valueFactory">Loads the value of a missing entry, outside the cache's lock, with a token of the
    /// load's own (cancelled only when every waiting caller has cancelled).</param>
    /// <param name="cancellationToken">Cancels this caller's wait; the load goes on for the other callers.</param>
    /// <returns>The cached or loaded value. A hit completes synchronously.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> or <paramref name="valueFactory"/> is <see langword="null"/>.</exception>
    public ValueTask<TValue> GetOrAddAsync(TOwner owner, TKey key, Func<TOwner, TKey, CancellationToken, ValueTask<TValue>> valueFactory, CancellationToken cancellationToken = default)
    {
        if (owner is null)
        {
            throw new ArgumentNullException(nameof(owner));
        }

        if (valueFactory is null)
        {
            throw new ArgumentNullException(nameof(valueFactory));
        }

        if (Volatile.Read(ref _buckets).TryGetValue(owner, out Bucket? bucket) && bucket.Cells.TryGetValue(new ValueTuple<TKey>(key), out Cell cell))
        {
            RecordHit(cell.Ticket);
            return new ValueTask<TValue>(cell.Value);
        }

        _stats.Miss();
        AsyncLoads<OwnedKey, TValue> loads = Volatile.Read(ref _asyncLoads) ?? CreateAsyncLoads();
        return loads.GetAsync(new OwnedKey(owner, key), valueFactory, s_invokeAsyncFactory, cancellationToken);
    }

    /// <summary>Stores a computed value unless the entry exists meanwhile; returns the value the cache holds.</summary>
    private TValue Store(TOwner owner, ValueTuple<TKey> boxed, TValue value)
    {
        lock (WriteLock)
        {
            ConditionalWeakTable<TOwner, Bucket> buckets = _buckets;
            if (!buckets.TryGetValue(owner, out Bucket? bucket))
            {
                bucket = new Bucket(owner, _keyComparer);
                buckets.Add(owner, bucket);
            }
            else if (bucket.Cells.TryGetValue(boxed, out Cell cell))
            {
                return cell.Value;
            }

            MakeRoomLocked();
            var ticket = new Ticket(bucket.Owner, boxed);
            _queue.Enqueue(ticket);
            bucket.Cells[boxed] = new Cell(ticket, value);
            Volatile.Write(ref _count, _count + 1);
            return value;
        }
    }

    private AsyncLoads<OwnedKey, TValue> CreateAsyncLoads()
    {
        var host = new AsyncHost(this);
        Interlocked.CompareExchange(ref _asyncLoads, new AsyncLoads<OwnedKey, TValue>(host, new OwnedKeyComparer(_keyComparer)), null);
        return _asyncLoads!;
    }

    /// <summary>Looks up the cached value for an owner and key; counts a hit or a miss.</summary>
    /// <param name="owner">The owner; compared by reference.</param>
    /// <param name="key">The key within the owner.</param>
    /// <param name="value">The cached value, or default when there is none.</param>
    /// <returns><see langword="true"/> if a value was found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> is <see langword="null"/>.</exception>
    public bool TryGetValue(TOwner owner, TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (owner is null)
        {
            throw new ArgumentNullException(nameof(owner));
        }

        if (Volatile.Read(ref _buckets).TryGetValue(owner, out Bucket? bucket)
            && bucket.Cells.TryGetValue(new ValueTuple<TKey>(key), out Cell cell))
        {
            RecordHit(cell.Ticket);
            value = cell.Value;
            return true;
        }

        _stats.Miss();
        value = default;
        return false;
    }

    /// <summary>Removes every entry of an owner.</summary>
    /// <param name="owner">The owner; compared by reference.</param>
    /// <returns><see langword="true"/> if the owner had entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="owner"/> is <see langword="null"/>.</exception>
    public bool Remove(TOwner owner)
    {
        if (owner is null)
        {
            throw new ArgumentNullException(nameof(owner));
        }

        lock (WriteLock)
        {
            if (!_buckets.TryGetValue(owner, out Bucket? bucket))
            {
                return false;
            }

            _buckets.Remove(owner);
            bucket.Owner.Dropped = true;
            int removed = 0;
            foreach (KeyValuePair<ValueTuple<TKey>, Cell> pair in bucket.Cells)
            {
                if (!pair.Value.Ticket.Removed)
                {
                    pair.Value.Ticket.Removed = true;
                    removed++;
                }
            }

            Volatile.Write(ref _count, _count - removed);
            CompactIfNeededLocked();
            return removed > 0;
        }
    }

    /// <summary>Removes every entry of every owner and resets the statistics.</summary>
    public void Clear()
    {
        lock (WriteLock)
        {
            while (_queue.Dequeue() is Ticket ticket)
            {
                ticket.Removed = true;
                ticket.Owner.Dropped = true;
            }

            _queue.Clear();
            Volatile.Write(ref _buckets, new ConditionalWeakTable<TOwner, Bucket>());
            Volatile.Write(ref _count, 0);
            Interlocked.Exchange(ref _evictions, 0);
            _insertsSinceSweep = _sweepInterval;
            _stats.Reset();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecordHit(Ticket ticket)
    {
        byte f = ticket.Frequency;
        if (f < MaxFrequency)
        {
            ticket.Frequency = (byte)(f + 1);
        }

        _stats.Hit();
    }

    private void MakeRoomLocked()
    {
        _insertsSinceSweep++;
        if (_count >= _capacity && _insertsSinceSweep >= _sweepInterval)
        {
            // Purge the entries of collected owners before evicting any live entry.
            _insertsSinceSweep = 0;
            int before = _queue.PhysicalCount;
            int purged = 0;
            _queue.Compact(t =>
            {
                if (t.Removed)
                {
                    return true;
                }

                if (t.Owner.IsDead)
                {
                    t.Removed = true;
                    purged++;
                    return true;
                }

                return false;
            });
            Volatile.Write(ref _count, _count - purged);
        }

        while (_count >= _capacity)
        {
            Ticket? ticket = _queue.Dequeue();
            if (ticket is null || ticket.Removed)
            {
                continue;
            }

            if (!ticket.Owner.TryGetOwner(out TOwner? owner))
            {
                ticket.Removed = true;
                Volatile.Write(ref _count, _count - 1);
                continue;
            }

            byte f = ticket.Frequency;
            if (f > 0)
            {
                ticket.Frequency = (byte)(f - 1);
                _queue.Enqueue(ticket);
                continue;
            }

            if (_buckets.TryGetValue(owner, out Bucket? bucket))
            {
                bucket.Cells.TryRemove(ticket.Key, out _);
            }

            ticket.Removed = true;
            Volatile.Write(ref _count, _count - 1);
            Interlocked.Increment(ref _evictions);
        }
    }

    private void CompactIfNeededLocked()
    {
        if (_queue.PhysicalCount > (2 * _count) + 64)
        {
            _queue.Compact(static t => t.Removed);
        }
    }

    /// <summary>A weak handle to an owner, shared by its bucket and its tickets.</summary>
    private sealed class OwnerRef
    {
        private readonly WeakReference<TOwner> _owner;

        public OwnerRef(TOwner owner) => _owner = new WeakReference<TOwner>(owner);

        public volatile bool Dropped;

        public bool IsDead => Dropped || !_owner.TryGetTarget(out _);

        public bool TryGetOwner([NotNullWhen(true)] out TOwner? owner)
        {
            if (Dropped)
            {
                owner = null;
                return false;
            }

            return _owner.TryGetTarget(out owner);
        }
    }

    /// <summary>An entry's place in the eviction queue. It references neither the owner (strongly) nor the value.</summary>
    private sealed class Ticket
    {
        public readonly OwnerRef Owner;
        public readonly ValueTuple<TKey> Key;
        public byte Frequency;
        public bool Removed;

        public Ticket(OwnerRef owner, ValueTuple<TKey> key)
        {
            Owner = owner;
            Key = key;
        }
    }

    private readonly struct Cell
    {
        public readonly Ticket Ticket;
        public readonly TValue Value;

        public Cell(Ticket ticket, TValue value)
        {
            Ticket = ticket;
            Value = value;
        }
    }

    /// <summary>
    /// Gets the write lock's monitor, for a <c>lock</c> statement; throws if this thread already holds it. The key
    /// comparer's <c>Equals</c> and <c>GetHashCode</c> run under the lock (in the owner's table); a write to this cache
    /// from them would re-enter the (reentrant) monitor and corrupt the operation it interrupted.
    /// </summary>
    private object WriteLock
    {
        get
        {
            if (Monitor.IsEntered(_sync))
            {
                throw new InvalidOperationException(
                    "The cache was modified from its key comparer, which runs under the cache's write lock. " +
                    "A comparer must not write to the cache it compares keys for.");
            }

            return _sync;
        }
    }

    /// <summary>The per-owner table, reachable only through the <see cref="ConditionalWeakTable{TKey, TValue}"/>.</summary>
    private sealed class Bucket
    {
        public readonly OwnerRef Owner;
        public readonly ConcurrentDictionary<ValueTuple<TKey>, Cell> Cells;

        public Bucket(TOwner owner, IEqualityComparer<ValueTuple<TKey>>? comparer)
        {
            Owner = new OwnerRef(owner);
            Cells = comparer is null
                ? new ConcurrentDictionary<ValueTuple<TKey>, Cell>(1, 4)
                : new ConcurrentDictionary<ValueTuple<TKey>, Cell>(1, 4, comparer);
        }
    }

    private sealed class BoxComparer : IEqualityComparer<ValueTuple<TKey>>
    {
        private readonly IEqualityComparer<TKey> _inner;

        public BoxComparer(IEqualityComparer<TKey> inner) => _inner = inner;

        public bool Equals(ValueTuple<TKey> x, ValueTuple<TKey> y) => _inner.Equals(x.Item1, y.Item1);

        public int GetHashCode(ValueTuple<TKey> obj) => obj.Item1 is null ? 0 : _inner.GetHashCode(obj.Item1);
    }

    /// <summary>The key of an asynchronous load: the owner (by reference, held strongly while the load runs) and the key.</summary>
    private readonly struct OwnedKey
    {
        public readonly TOwner Owner;
        public readonly TKey Key;

        public OwnedKey(TOwner owner, TKey key)
        {
            Owner = owner;
            Key = key;
        }

        public override string ToString() => $"{Key}";
    }

    private sealed class OwnedKeyComparer : IEqualityComparer<OwnedKey>
    {
        private readonly IEqualityComparer<ValueTuple<TKey>> _keys;

        public OwnedKeyComparer(IEqualityComparer<ValueTuple<TKey>>? keys) => _keys = keys ?? EqualityComparer<ValueTuple<TKey>>.Default;

        public bool Equals(OwnedKey x, OwnedKey y) =>
            ReferenceEquals(x.Owner, y.Owner) && _keys.Equals(new ValueTuple<TKey>(x.Key), new ValueTuple<TKey>(y.Key));

        public int GetHashCode(OwnedKey obj) =>
            (RuntimeHelpers.GetHashCode(obj.Owner) * -1521134295) + _keys.GetHashCode(new ValueTuple<TKey>(obj.Key));
    }

    /// <summary>The cache's side of its asynchronous loads (a separate object: the interface stays off the public type).</summary>
    private sealed class AsyncHost : IAsyncLoadHost<OwnedKey, TValue>
    {
        private readonly WeakLruCache<TOwner, TKey, TValue> _cache;

        public AsyncHost(WeakLruCache<TOwner, TKey, TValue> cache) => _cache = cache;

        public bool TryPeek(OwnedKey key, out TValue value)
        {
            if (Volatile.Read(ref _cache._buckets).TryGetValue(key.Owner, out Bucket? bucket)
                && bucket.Cells.TryGetValue(new ValueTuple<TKey>(key.Key), out Cell cell))
            {
                value = cell.Value;
                return true;
            }

            value = default!;
            return false;
        }

        public TValue StoreLoaded(OwnedKey key, TValue value) => _cache.Store(key.Owner, new ValueTuple<TKey>(key.Key), value);
    }
}
