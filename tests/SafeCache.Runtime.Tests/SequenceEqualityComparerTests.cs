using System.Collections.Generic;
using System.Collections.Immutable;

namespace SafeCache.Runtime.Tests;

public class SequenceEqualityComparerTests
{
    [Fact]
    public void Dictionary_with_array_keys_compares_by_content()
    {
        var dictionary = new Dictionary<int[], string>(SequenceEqualityComparer<int>.Default);
        dictionary[new[] { 1, 2, 3 }] = "a";
        Assert.Equal("a", dictionary[new[] { 1, 2, 3 }]);
        Assert.False(dictionary.ContainsKey(new[] { 3, 2, 1 }));
        Assert.False(dictionary.ContainsKey(new[] { 1, 2 }));
    }

    [Fact]
    public void Lists_immutable_arrays_and_read_only_lists()
    {
        var comparer = SequenceEqualityComparer<string>.Default;
        IEqualityComparer<List<string>> lists = comparer;
        IEqualityComparer<ImmutableArray<string>> immutables = comparer;
        IEqualityComparer<IReadOnlyList<string>> readOnly = comparer;

        Assert.True(lists.Equals(new List<string> { "a", "b" }, new List<string> { "a", "b" }));
        Assert.Equal(lists.GetHashCode(new List<string> { "a", "b" }), lists.GetHashCode(new List<string> { "a", "b" }));
        Assert.False(lists.Equals(new List<string> { "a" }, new List<string> { "b" }));
        Assert.True(immutables.Equals(ImmutableArray.Create("x", "y"), ImmutableArray.Create("x", "y")));
        Assert.Equal(immutables.GetHashCode(ImmutableArray.Create("x", "y")), immutables.GetHashCode(ImmutableArray.Create("x", "y")));
        Assert.False(immutables.Equals(ImmutableArray.Create("x"), ImmutableArray.Create("x", "y")));
        Assert.True(immutables.Equals(default, default));
        Assert.False(immutables.Equals(default, ImmutableArray<string>.Empty));
        Assert.Equal(0, immutables.GetHashCode(default));
        Assert.True(readOnly.Equals(new[] { "a" }, new List<string> { "a" }));
        Assert.Equal(readOnly.GetHashCode(new[] { "a" }), readOnly.GetHashCode(new List<string> { "a" }));
    }

    [Fact]
    public void Nulls_and_element_comparer()
    {
        var comparer = new SequenceEqualityComparer<string>(System.StringComparer.OrdinalIgnoreCase);
        IEqualityComparer<string[]> arrays = comparer;
        Assert.True(arrays.Equals(null, null));
        Assert.False(arrays.Equals(null, new string[0]));
        Assert.Equal(0, arrays.GetHashCode(null!));
        Assert.True(arrays.Equals(new[] { "A", null! }, new[] { "a", null! }));
        Assert.Equal(arrays.GetHashCode(new[] { "A" }), arrays.GetHashCode(new[] { "a" }));
        Assert.Same(System.StringComparer.OrdinalIgnoreCase, comparer.ElementComparer);
    }

    [Fact]
    public void LruCache_with_immutable_array_keys()
    {
        var cache = new LruCache<ImmutableArray<int>, int>(4, SequenceEqualityComparer<int>.Default);
        cache[ImmutableArray.Create(1, 2)] = 3;
        Assert.Equal(3, cache[ImmutableArray.Create(1, 2)]);
    }
}
