using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

/// <summary>What the model knows of a cache's creation: its key comparer, where it is stored, what else it takes.</summary>
public sealed class CacheCreationTests
{
    private const string Source = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using SafeCache;

        class C
        {
            static readonly IEqualityComparer<int[]> s_byContent = SequenceEqualityComparer<int>.Default;
            static Dictionary<int[], int> s_plain = new();
            readonly ConcurrentDictionary<int[], int> _fromParameter;
            Dictionary<string, int> _seeded;
            LruCache<int[], int> _lru = new(10, null);

            C(IEqualityComparer<int[]> comparer)
            {
                _fromParameter = new ConcurrentDictionary<int[], int>(comparer);
                var local = new Dictionary<int[], int>(16, s_byContent);
                _seeded = new Dictionary<string, int>(new Dictionary<string, int>(), StringComparer.Ordinal);
                var sorted = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }
        }
        """;

    [Fact]
    public void Creation_knows_its_comparer_target_and_other_arguments()
    {
        var harness = ModelHarness.Create(Source);
        var creations = harness.Compilation.SyntaxTrees.Single().GetRoot().DescendantNodes()
            .Select(n => harness.Compilation.GetSemanticModel(n.SyntaxTree).GetOperation(n))
            .OfType<IObjectCreationOperation>()
            .Select(o => harness.Model.TryGetCreation(o, out var c) ? c : null)
            .Where(c => c is not null)
            .ToDictionary(c => c!.Target?.Name ?? c.Operation.Syntax.ToString(), c => c!);

        Assert.False(creations["s_plain"].HasComparer);
        Assert.True(creations["s_plain"].HasOnlyComparerAndSizeHints);

        Assert.True(creations["_fromParameter"].HasComparer);
        Assert.Equal("comparer", creations["_fromParameter"].Comparer!.Value.Syntax.ToString());
        Assert.True(creations["_fromParameter"].HasEqualityComparer);

        Assert.True(creations["local"].HasComparer);
        Assert.True(creations["local"].HasOnlyComparerAndSizeHints);

        // A source collection is not a size hint: recreating this cache would lose its contents.
        Assert.True(creations["_seeded"].HasComparer);
        Assert.False(creations["_seeded"].HasOnlyComparerAndSizeHints);

        // An explicit null comparer means the default one.
        Assert.False(creations["_lru"].HasComparer);

        // Sorted dictionaries take an ordering, which is a comparer but not an equality comparer.
        Assert.True(creations["sorted"].HasComparer);
        Assert.False(creations["sorted"].HasEqualityComparer);
        Assert.Equal(CacheKind.Dictionary, creations["sorted"].Type.Kind);
    }
}
