using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache;

/// <summary>
/// Memoizes functions in a bounded <see cref="LruCache{TKey, TValue}"/>: the counterpart of decorating a Python function
/// with <c>@functools.lru_cache(maxsize=...)</c>.
/// </summary>
/// <remarks>
/// <code>
/// private static readonly MemoizedFunc&lt;int, BigInteger&gt; s_fib = Memoize.Lru&lt;int, BigInteger&gt;(ComputeFib, capacity: 1000);
/// BigInteger f = s_fib.Invoke(90);
/// CacheInfo info = s_fib.Info; // hits, misses, evictions
/// s_fib.Clear();               // cache_clear()
/// </code>
/// Arguments are the cache key (several arguments form a value tuple), so they must have value equality and must not
/// be mutated afterwards; <see langword="null"/> arguments are allowed. The function runs at most once per key at a
/// time (concurrent callers wait for it); exceptions are not cached.
/// </remarks>
public static class Memoize
{
    /// <summary>Memoizes a one-argument function in an LRU-family cache of <paramref name="capacity"/> entries.</summary>
    /// <typeparam name="TArg">The argument type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="function">The function to memoize.</param>
    /// <param name="capacity">The maximum number of cached results; at least 1.</param>
    /// <param name="comparer">The argument comparer; <see langword="null"/> for <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <returns>A callable that caches <paramref name="function"/>'s results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static MemoizedFunc<TArg, TResult> Lru<TArg, TResult>(Func<TArg, TResult> function, int capacity, IEqualityComparer<TArg>? comparer = null)
        => new MemoizedFunc<TArg, TResult>(function, capacity, comparer);

    /// <summary>
    /// Memoizes a one-argument asynchronous function in an LRU-family cache of <paramref name="capacity"/> entries, with
    /// the guarantees of <see cref="LruCache{TKey, TValue}.GetOrAddAsync"/>: one load per missing argument for all
    /// concurrent callers, faulted or cancelled loads not cached, one caller's cancellation not cancelling the others'.
    /// </summary>
    /// <typeparam name="TArg">The argument type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="function">The function to memoize; its token is the load's own (see <see cref="LruCache{TKey, TValue}.GetOrAddAsync"/>).</param>
    /// <param name="capacity">The maximum number of cached results; at least 1.</param>
    /// <param name="comparer">The argument comparer; <see langword="null"/> for <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <returns>A callable that caches <paramref name="function"/>'s results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static MemoizedAsyncFunc<TArg, TResult> LruAsync<TArg, TResult>(Func<TArg, CancellationToken, ValueTask<TResult>> function, int capacity, IEqualityComparer<TArg>? comparer = null)
        => new MemoizedAsyncFunc<TArg, TResult>(function, capacity, comparer);

    /// <summary>Memoizes a two-argument function in an LRU-family cache of <paramref name="capacity"/> entries, keyed by
    /// the value tuple of the arguments.</summary>
    /// <typeparam name="T1">The first argument type.</typeparam>
    /// <typeparam name="T2">The second argument type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="function">The function to memoize.</param>
    /// <param name="capacity">The maximum number of cached results; at least 1.</param>
    /// <returns>A callable that caches <paramref name="function"/>'s results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static MemoizedFunc<T1, T2, TResult> Lru<T1, T2, TResult>(Func<T1, T2, TResult> function, int capacity)
        => new MemoizedFunc<T1, T2, TResult>(function, capacity);

    /// <summary>Memoizes a three-argument function in an LRU-family cache of <paramref name="capacity"/> entries, keyed by
    /// the value tuple of the arguments.</summary>
    /// <typeparam name="T1">The first argument type.</typeparam>
    /// <typeparam name="T2">The second argument type.</typeparam>
    /// <typeparam name="T3">The third argument type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="function">The function to memoize.</param>
    /// <param name="capacity">The maximum number of cached results; at least 1.</param>
    /// <returns>A callable that caches <paramref name="function"/>'s results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static MemoizedFunc<T1, T2, T3, TResult> Lru<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, int capacity)
        => new MemoizedFunc<T1, T2, T3, TResult>(function, capacity);
}

/// <summary>A memoized one-argument function, created by <see cref="Memoize.Lru{TArg, TResult}"/>.</summary>
/// <typeparam name="TArg">The argument type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class MemoizedFunc<TArg, TResult>
{
    private static readonly Func<ValueTuple<TArg>, Func<TArg, TResult>, TResult> s_call = static (k, f) => f(k.Item1);

    private readonly Func<TArg, TResult> _function;
    private readonly LruCache<ValueTuple<TArg>, TResult> _cache;

    internal MemoizedFunc(Func<TArg, TResult> function, int capacity, IEqualityComparer<TArg>? comparer)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        _cache = new LruCache<ValueTuple<TArg>, TResult>(capacity, comparer is null ? null : new ArgumentTupleComparer<TArg>(comparer));
    }

    /// <summary>Gets the maximum number of cached results.</summary>
    public int Capacity => _cache.Capacity;

    /// <summary>Gets a snapshot of the statistics (Python's <c>cache_info()</c>).</summary>
    public CacheInfo Info => _cache.Info;

    /// <summary>Returns the cached result for <paramref name="arg"/>, or calls the function and caches its result.</summary>
    /// <param name="arg">The argument.</param>
    /// <returns>The function's result for <paramref name="arg"/>.</returns>
    public TResult Invoke(TArg arg) => _cache.GetOrAdd(new ValueTuple<TArg>(arg), s_call, _function);

    /// <summary>Drops every cached result and resets the statistics (Python's <c>cache_clear()</c>).</summary>
    public void Clear() => _cache.Clear();

    /// <summary>Returns a delegate that calls <see cref="Invoke"/>.</summary>
    /// <returns>A delegate bound to this memoized function.</returns>
    public Func<TArg, TResult> AsFunc() => Invoke;
}

/// <summary>A memoized two-argument function, created by <see cref="Memoize.Lru{T1, T2, TResult}"/>.</summary>
/// <typeparam name="T1">The first argument type.</typeparam>
/// <typeparam name="T2">The second argument type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class MemoizedFunc<T1, T2, TResult>
{
    private static readonly Func<(T1, T2), Func<T1, T2, TResult>, TResult> s_call = static (k, f) => f(k.Item1, k.Item2);

    private readonly Func<T1, T2, TResult> _function;
    private readonly LruCache<(T1, T2), TResult> _cache;

    internal MemoizedFunc(Func<T1, T2, TResult> function, int capacity)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        _cache = new LruCache<(T1, T2), TResult>(capacity);
    }

    /// <summary>Gets the maximum number of cached results.</summary>
    public int Capacity => _cache.Capacity;

    /// <summary>Gets a snapshot of the statistics (Python's <c>cache_info()</c>).</summary>
    public CacheInfo Info => _cache.Info;

    /// <summary>Returns the cached result for the arguments, or calls the function and caches its result.</summary>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <returns>The function's result for the arguments.</returns>
    public TResult Invoke(T1 arg1, T2 arg2) => _cache.GetOrAdd((arg1, arg2), s_call, _function);

    /// <summary>Drops every cached result and resets the statistics (Python's <c>cache_clear()</c>).</summary>
    public void Clear() => _cache.Clear();

    /// <summary>Returns a delegate that calls <see cref="Invoke"/>.</summary>
    /// <returns>A delegate bound to this memoized function.</returns>
    public Func<T1, T2, TResult> AsFunc() => Invoke;
}

/// <summary>A memoized three-argument function, created by <see cref="Memoize.Lru{T1, T2, T3, TResult}"/>.</summary>
/// <typeparam name="T1">The first argument type.</typeparam>
/// <typeparam name="T2">The second argument type.</typeparam>
/// <typeparam name="T3">The third argument type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class MemoizedFunc<T1, T2, T3, TResult>
{
    private static readonly Func<(T1, T2, T3), Func<T1, T2, T3, TResult>, TResult> s_call = static (k, f) => f(k.Item1, k.Item2, k.Item3);

    private readonly Func<T1, T2, T3, TResult> _function;
    private readonly LruCache<(T1, T2, T3), TResult> _cache;

    internal MemoizedFunc(Func<T1, T2, T3, TResult> function, int capacity)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        _cache = new LruCache<(T1, T2, T3), TResult>(capacity);
    }

    /// <summary>Gets the maximum number of cached results.</summary>
    public int Capacity => _cache.Capacity;

    /// <summary>Gets a snapshot of the statistics (Python's <c>cache_info()</c>).</summary>
    public CacheInfo Info => _cache.Info;

    /// <summary>Returns the cached result for the arguments, or calls the function and caches its result.</summary>
    /// <param name="arg1">The first argument.</param>
    /// <param name="arg2">The second argument.</param>
    /// <param name="arg3">The third argument.</param>
    /// <returns>The function's result for the arguments.</returns>
    public TResult Invoke(T1 arg1, T2 arg2, T3 arg3) => _cache.GetOrAdd((arg1, arg2, arg3), s_call, _function);

    /// <summary>Drops every cached result and resets the statistics (Python's <c>cache_clear()</c>).</summary>
    public void Clear() => _cache.Clear();

    /// <summary>Returns a delegate that calls <see cref="Invoke"/>.</summary>
    /// <returns>A delegate bound to this memoized function.</returns>
    public Func<T1, T2, T3, TResult> AsFunc() => Invoke;
}

/// <summary>A memoized one-argument asynchronous function, created by <see cref="Memoize.LruAsync{TArg, TResult}"/>.</summary>
/// <typeparam name="TArg">The argument type.</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class MemoizedAsyncFunc<TArg, TResult>
{
    private readonly Func<ValueTuple<TArg>, CancellationToken, ValueTask<TResult>> _call;
    private readonly LruCache<ValueTuple<TArg>, TResult> _cache;

    internal MemoizedAsyncFunc(Func<TArg, CancellationToken, ValueTask<TResult>> function, int capacity, IEqualityComparer<TArg>? comparer)
    {
        if (function is null)
        {
            throw new ArgumentNullException(nameof(function));
        }

        _call = (k, ct) => function(k.Item1, ct);
        _cache = new LruCache<ValueTuple<TArg>, TResult>(capacity, comparer is null ? null : new ArgumentTupleComparer<TArg>(comparer));
    }

    /// <summary>Gets the maximum number of cached results.</summary>
    public int Capacity => _cache.Capacity;

    /// <summary>Gets a snapshot of the statistics (Python's <c>cache_info()</c>).</summary>
    public CacheInfo Info => _cache.Info;

    /// <summary>Returns the cached result for <paramref name="arg"/>, or awaits the function's (shared) result and caches it.</summary>
    /// <param name="arg">The argument.</param>
    /// <param name="cancellationToken">Cancels this caller's wait; a load shared with other callers goes on for them.</param>
    /// <returns>The function's result for <paramref name="arg"/>.</returns>
    public ValueTask<TResult> InvokeAsync(TArg arg, CancellationToken cancellationToken = default) =>
        _cache.GetOrAddAsync(new ValueTuple<TArg>(arg), _call, cancellationToken);

    /// <summary>Drops every cached result and resets the statistics (Python's <c>cache_clear()</c>).</summary>
    public void Clear() => _cache.Clear();
}

/// <summary>Compares one-argument keys (a <see cref="ValueTuple{T1}"/>) with the argument's comparer.</summary>
/// <typeparam name="TArg">The argument type.</typeparam>
internal sealed class ArgumentTupleComparer<TArg> : IEqualityComparer<ValueTuple<TArg>>
{
    private readonly IEqualityComparer<TArg> _inner;

    public ArgumentTupleComparer(IEqualityComparer<TArg> inner) => _inner = inner;

    public bool Equals(ValueTuple<TArg> x, ValueTuple<TArg> y) => _inner.Equals(x.Item1, y.Item1);

    public int GetHashCode(ValueTuple<TArg> obj) => obj.Item1 is null ? 0 : _inner.GetHashCode(obj.Item1);
}
