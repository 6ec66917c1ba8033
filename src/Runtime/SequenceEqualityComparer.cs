using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SafeCache;

/// <summary>
/// Compares sequences by content (element by element, in order) instead of by reference, so that arrays,
/// lists and immutable arrays can be used as dictionary and cache keys.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// <para>
/// <c>new Dictionary&lt;int[], string&gt;()</c> compares keys by reference: a lookup with a new array holding the same
/// numbers misses. Pass <see cref="Default"/> to compare by content instead:
/// <c>new Dictionary&lt;int[], string&gt;(SequenceEqualityComparer&lt;int&gt;.Default)</c> or
/// <c>new LruCache&lt;List&lt;int&gt;, string&gt;(1000, SequenceEqualityComparer&lt;int&gt;.Default)</c>.
/// </para>
/// <para>
/// A key must not be mutated while it is stored in a dictionary or cache: its hash code would change and the
/// entry could no longer be found. Prefer <see cref="ImmutableArray{T}"/> keys, or copy a mutable sequence
/// before using it as a key.
/// </para>
/// <para>Two <see langword="null"/> sequences are equal; a default (uninitialized) <see cref="ImmutableArray{T}"/>
/// is treated like <see langword="null"/>. The type is thread-safe.</para>
/// </remarks>
public sealed class SequenceEqualityComparer<T> :
    IEqualityComparer<T[]>,
    IEqualityComparer<List<T>>,
    IEqualityComparer<ImmutableArray<T>>,
    IEqualityComparer<IReadOnlyList<T>>
{
    private readonly IEqualityComparer<T> _elementComparer;

    /// <summary>Initializes a new comparer that compares elements with <paramref name="elementComparer"/>.</summary>
    /// <param name="elementComparer">The element comparer; <see langword="null"/> for <see cref="EqualityComparer{T}.Default"/>.</param>
    public SequenceEqualityComparer(IEqualityComparer<T>? elementComparer = null)
    {
        _elementComparer = elementComparer ?? EqualityComparer<T>.Default;
    }

    /// <summary>Gets a comparer that compares elements with <see cref="EqualityComparer{T}.Default"/>.</summary>
    public static SequenceEqualityComparer<T> Default { get; } = new SequenceEqualityComparer<T>();

    /// <summary>Gets the comparer used for the elements.</summary>
    public IEqualityComparer<T> ElementComparer => _elementComparer;

    /// <summary>Determines whether two arrays hold equal elements in the same order.</summary>
    /// <param name="x">The first array.</param>
    /// <param name="y">The second array.</param>
    /// <returns><see langword="true"/> if both are <see langword="null"/> or hold equal elements in the same order.</returns>
    public bool Equals(T[]? x, T[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Length != y.Length)
        {
            return false;
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!_elementComparer.Equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns a hash code computed from the elements of <paramref name="obj"/>.</summary>
    /// <param name="obj">The array.</param>
    /// <returns>A content-based hash code; 0 for <see langword="null"/>.</returns>
    public int GetHashCode(T[] obj)
    {
        if (obj is null)
        {
            return 0;
        }

        var hash = default(HashCode);
        hash.Add(obj.Length);
        for (int i = 0; i < obj.Length; i++)
        {
            hash.Add(obj[i], _elementComparer);
        }

        return hash.ToHashCode();
    }

    /// <summary>Determines whether two lists hold equal elements in the same order.</summary>
    /// <param name="x">The first list.</param>
    /// <param name="y">The second list.</param>
    /// <returns><see langword="true"/> if both are <see langword="null"/> or hold equal elements in the same order.</returns>
    public bool Equals(List<T>? x, List<T>? y) => Equals((IReadOnlyList<T>?)x, y);

    /// <summary>Returns a hash code computed from the elements of <paramref name="obj"/>.</summary>
    /// <param name="obj">The list.</param>
    /// <returns>A content-based hash code; 0 for <see langword="null"/>.</returns>
    public int GetHashCode(List<T> obj) => GetHashCode((IReadOnlyList<T>)obj);

    /// <summary>Determines whether two immutable arrays hold equal elements in the same order.</summary>
    /// <param name="x">The first array.</param>
    /// <param name="y">The second array.</param>
    /// <returns><see langword="true"/> if both are default or hold equal elements in the same order.</returns>
    public bool Equals(ImmutableArray<T> x, ImmutableArray<T> y)
    {
        if (x.IsDefault || y.IsDefault)
        {
            return x.IsDefault && y.IsDefault;
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (!_elementComparer.Equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns a hash code computed from the elements of <paramref name="obj"/>.</summary>
    /// <param name="obj">The immutable array.</param>
    /// <returns>A content-based hash code; 0 for a default array.</returns>
    public int GetHashCode(ImmutableArray<T> obj)
    {
        if (obj.IsDefault)
        {
            return 0;
        }

        var hash = default(HashCode);
        hash.Add(obj.Length);
        for (int i = 0; i < obj.Length; i++)
        {
            hash.Add(obj[i], _elementComparer);
        }

        return hash.ToHashCode();
    }

    /// <summary>Determines whether two read-only lists hold equal elements in the same order.</summary>
    /// <param name="x">The first list.</param>
    /// <param name="y">The second list.</param>
    /// <returns><see langword="true"/> if both are <see langword="null"/> or hold equal elements in the same order.</returns>
    public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y)
    {
        x = NullIfDefault(x);
        y = NullIfDefault(y);
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (!_elementComparer.Equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns a hash code computed from the elements of <paramref name="obj"/>.</summary>
    /// <param name="obj">The read-only list.</param>
    /// <returns>A content-based hash code; 0 for <see langword="null"/>.</returns>
    public int GetHashCode(IReadOnlyList<T> obj)
    {
        if (NullIfDefault(obj) is null)
        {
            return 0;
        }

        var hash = default(HashCode);
        hash.Add(obj.Count);
        for (int i = 0; i < obj.Count; i++)
        {
            hash.Add(obj[i], _elementComparer);
        }

        return hash.ToHashCode();
    }

    /// <summary>A boxed default <see cref="ImmutableArray{T}"/> (whose <c>Count</c> throws) seen through the
    /// <see cref="IReadOnlyList{T}"/> view is treated as <see langword="null"/>, like the unboxed one.</summary>
    private static IReadOnlyList<T>? NullIfDefault(IReadOnlyList<T>? list) =>
        list is ImmutableArray<T> { IsDefault: true } ? null : list;
}
