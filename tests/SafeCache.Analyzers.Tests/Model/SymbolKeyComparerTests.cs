using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class SymbolKeyComparerTests
{
    // Two projections of the same shape over different enums: different anonymous types that Roslyn hashes alike.
    private const string Source = """
        namespace A { enum Status { On } }
        namespace B { enum Status { Off } }

        static class Rows
        {
            static object First(A.Status s) => new { Id = 1, Status = s };
            static object Second(B.Status s) => new { Id = 1, Status = s };
            static object Again(A.Status s) => new { Id = 2, Status = s };
        }
        """;

    [Fact]
    public void SameShapedAnonymousTypesOfDifferentPropertyTypesHashApart()
    {
        var (first, second, again) = AnonymousTypes();

        Assert.False(SymbolKeyComparer.Instance.Equals(first, second));
        Assert.Equal(SymbolEqualityComparer.Default.GetHashCode(first), SymbolEqualityComparer.Default.GetHashCode(second)); // why the comparer exists
        Assert.NotEqual(SymbolKeyComparer.Instance.GetHashCode(first), SymbolKeyComparer.Instance.GetHashCode(second));
    }

    [Fact]
    public void TypesAndMembersBuiltOnThemHashApart()
    {
        var harness = ModelHarness.Create(Source);
        var (first, second, _) = AnonymousTypes(harness);
        var list = harness.Compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!;
        var firstList = list.Construct(first);
        var secondList = list.Construct(second);

        Assert.NotEqual(SymbolKeyComparer.Instance.GetHashCode(firstList), SymbolKeyComparer.Instance.GetHashCode(secondList));
        Assert.NotEqual(SymbolKeyComparer.Instance.GetHashCode(first.GetMembers("Id")[0]), SymbolKeyComparer.Instance.GetHashCode(second.GetMembers("Id")[0]));
    }

    [Fact]
    public void EqualSymbolsHashAlike()
    {
        var (first, _, again) = AnonymousTypes();

        // 'new { Id = 1, Status = s }' and 'new { Id = 2, Status = s }' over A.Status are one anonymous type.
        Assert.True(SymbolKeyComparer.Instance.Equals(first, again));
        Assert.Equal(SymbolKeyComparer.Instance.GetHashCode(first), SymbolKeyComparer.Instance.GetHashCode(again));

        var table = new HashSet<ISymbol>(SymbolKeyComparer.Instance) { first };
        Assert.Contains(again, table);
        Assert.Contains(first.WithNullableAnnotation(NullableAnnotation.Annotated), table);
    }

    private static (INamedTypeSymbol First, INamedTypeSymbol Second, INamedTypeSymbol Again) AnonymousTypes(ModelHarness? harness = null)
    {
        harness ??= ModelHarness.Create(Source);
        var types = new List<INamedTypeSymbol>();
        foreach (var tree in harness.Compilation.SyntaxTrees)
        {
            var semanticModel = harness.Compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (semanticModel.GetOperation(node) is IAnonymousObjectCreationOperation { Type: INamedTypeSymbol type })
                {
                    types.Add(type);
                }
            }
        }

        Assert.Equal(3, types.Count);
        return (types[0], types[1], types[2]);
    }
}
