using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>Decides whether two key operations in one member denote the same key.</summary>
internal static class KeyComparison
{
    public static bool AreEquivalent(IOperation first, IOperation second)
    {
        var a = first.WalkDownKey();
        var b = second.WalkDownKey();

        switch (a, b)
        {
            case (ILocalReferenceOperation x, ILocalReferenceOperation y):
                return SymbolEqualityComparer.Default.Equals(x.Local, y.Local);
            case (IParameterReferenceOperation x, IParameterReferenceOperation y):
                return SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter);
            case (IInstanceReferenceOperation x, IInstanceReferenceOperation y):
                return x.ReferenceKind == y.ReferenceKind;
            case (IFieldReferenceOperation x, IFieldReferenceOperation y):
                return SymbolEqualityComparer.Default.Equals(x.Field, y.Field) && InstancesMatch(x.Instance, y.Instance);
            case (IPropertyReferenceOperation x, IPropertyReferenceOperation y) when x.Arguments.IsEmpty && y.Arguments.IsEmpty:
                return SymbolEqualityComparer.Default.Equals(x.Property, y.Property) && InstancesMatch(x.Instance, y.Instance);
            case (ITupleOperation x, ITupleOperation y) when x.Elements.Length == y.Elements.Length:
                for (var i = 0; i < x.Elements.Length; i++)
                {
                    if (!AreEquivalent(x.Elements[i], y.Elements[i]))
                    {
                        return false;
                    }
                }

                return true;
        }

        if (a.ConstantValue.HasValue && b.ConstantValue.HasValue)
        {
            return Equals(a.ConstantValue.Value, b.ConstantValue.Value);
        }

        // Anything else (a computed key such as 'prefix + id'): the same expression with the same meaning.
        return a.Syntax.IsEquivalentTo(b.Syntax, topLevel: false)
            && SymbolEqualityComparer.Default.Equals(a.Type, b.Type);
    }

    private static bool InstancesMatch(IOperation? x, IOperation? y)
        => x is null && y is null || x is not null && y is not null && AreEquivalent(x, y);
}
