using System;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache;

// Asynchronous loading: GetOrAddAsync's misses go through single-flight loads (AsyncLoads), created on first use.
public sealed partial class LruCache<TKey, TValue> : IAsyncLoadHost<TKey, TValue>
{
    private static readonly Func<TKey, Func<TKey, CancellationToken, ValueTask<TValue>>, CancellationToken, ValueTask<TValue>> s_invokeAsyncFactory =
        static (k, f, ct) => f(k, ct);

    private AsyncLoads<TKey, TValue>? _asyncLoads;

    /// <summary>Gets the number of asynchronous loads in flight (for tests).</summary>
    internal int AsyncLoadsInFlight => Volatile.Read(ref _asyncLoads)?.InFlight ?? 0;

    /// <summary>
    /// Returns the cached value for a key, or runs <paramref name="valueFactory"/> once for all concurrent callers of the
    /// missing key (single flight), caches and returns its result.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Loads the value of a missing key. It runs outside the cache's lock, starting on the
    /// first caller's thread, with a token of the load's own (cancelled only when every waiting caller has cancelled).</param>
    /// <param name="cancellationToken">Cancels this caller's wait; the load goes on for the other callers.</param>
    /// <returns>The cached or loaded value. A hit completes synchronously and allocates nothing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="valueFactory"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>A load that throws or is cancelled stores nothing: every caller waiting for it gets its exception, and the
    /// next caller starts a new load. A factory that asks for its own key (directly or through other loads of the same
    /// asynchronous flow) gets a task faulted with <see cref="InvalidOperationException"/> instead of waiting for itself.</para>
    /// <para>A completed load stores its value unless the cache already holds one for the key (stored meanwhile by
    /// another operation); all its callers then get the value the cache holds. Loads of <c>GetOrAddAsync</c> and of the
    /// synchronous <c>GetOrAdd</c> are not coordinated with each other.</para>
    /// </remarks>
    public ValueTask<TValue> GetOrAddAsync(TKey key, Func<TKey, CancellationToken, ValueTask<TValue>> valueFactory, CancellationToken cancellationToken = default)
    {
        ThrowIfNull(key);
        if (valueFactory is null)
        {
            throw new ArgumentNullException(nameof(valueFactory));
        }

        Node? node = FindFast(key, out _);
        if (node is not null && TryRecordHit(node))
        {
            return new ValueTask<TValue>(node.Value);
        }

        _stats.Miss();
        AsyncLoads<TKey, TValue> loads = Volatile.Read(ref _asyncLoads) ?? CreateAsyncLoads();
        return loads.GetAsync(key, valueFactory, s_invokeAsyncFactory, cancellationToken);
    }

    bool IAsyncLoadHost<TKey, TValue>.TryPeek(TKey key, out TValue value)
    {
        Node? node = FindReady(key, out _);
        value = node is null ? default! : node.Value;
        return node is not null;
    }

    TValue IAsyncLoadHost<TKey, TValue>.StoreLoaded(TKey key, TValue value) => AddIfAbsent(key, HashOf(key), value);

    private AsyncLoads<TKey, TValue> CreateAsyncLoads()
    {
        Interlocked.CompareExchange(ref _asyncLoads, new AsyncLoads<TKey, TValue>(this, _comparer), null);
        return _asyncLoads!;
    }
}
