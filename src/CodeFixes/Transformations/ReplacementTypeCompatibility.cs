using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Decides whether a reference to a field would still compile, with the same meaning, if the field's type became
/// <c>replacement</c>: every member used must exist on the replacement with the same signature, and any conversion
/// the reference goes through must still be implicit. Used before changing a cache field's type.
/// </summary>
internal sealed class ReplacementTypeCompatibility
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _replacement;

    public ReplacementTypeCompatibility(Compilation compilation, INamedTypeSymbol replacement)
    {
        _compilation = compilation;
        _replacement = replacement;
    }

    /// <summary>True when <paramref name="use"/> still compiles after the field's type changes to the replacement.</summary>
    public bool Accepts(CacheFieldUse use)
    {
        if (use.Operation is null)
        {
            return IsInsideNameOf(use);
        }

        return use.Operation is IFieldReferenceOperation reference && AcceptsValue(reference, _replacement);
    }

    /// <summary>A value whose type becomes <paramref name="newType"/>: is every use of it still valid?</summary>
    private bool AcceptsValue(IOperation value, ITypeSymbol newType)
    {
        if (value.Type is not null && SymbolEqualityComparer.Default.Equals(value.Type, newType))
        {
            return true; // same type: nothing changes for this value's consumers
        }

        switch (value.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == value:
                return FindSameMethod(newType, invocation.TargetMethod) is { } method
                    && NamedArgumentsMatch(invocation, method);
            case IPropertyReferenceOperation property when property.Instance == value:
                return FindSameProperty(newType, property) is { } replacementProperty
                    && (SymbolEqualityComparer.Default.Equals(replacementProperty.Type, property.Property.Type)
                        || AcceptsValue(property, replacementProperty.Type));
            case IConversionOperation { Conversion.IsIdentity: true } identity:
                // the compiler's own wrapping (a foreach collection, a parenthesized value): judge the outer use
                return AcceptsValue(identity, newType);
            case IConversionOperation { IsImplicit: true } conversion:
                // s_cache passed as IEnumerable<KeyValuePair<K, V>> (LINQ, string.Join), assigned to a read-only view…
                return conversion.Type is not null && _compilation.ClassifyCommonConversion(newType, conversion.Type) is { IsImplicit: true, IsUserDefined: false };
            case IForEachLoopOperation loop when loop.Collection == value:
                return IsEnumerableOfSameElement(value.Type, newType);
            case ILockOperation or INameOfOperation:
                return true;
            default:
                return false;
        }
    }

    private static IMethodSymbol? FindSameMethod(ITypeSymbol type, IMethodSymbol used)
    {
        foreach (var candidate in type.GetMembers(used.Name).OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic || candidate.DeclaredAccessibility != Accessibility.Public
                || candidate.Arity != used.Arity || candidate.Parameters.Length != used.Parameters.Length)
            {
                continue;
            }

            var constructed = candidate.Arity > 0 ? candidate.Construct(used.TypeArguments.ToArray()) : candidate;
            if (SameParameters(constructed.Parameters, used.Parameters)
                && SymbolEqualityComparer.Default.Equals(constructed.ReturnType, used.ReturnType))
            {
                return constructed;
            }
        }

        return null;
    }

    private static IPropertySymbol? FindSameProperty(ITypeSymbol type, IPropertyReferenceOperation reference)
    {
        var used = reference.Property;
        var name = used.IsIndexer ? WellKnownMemberNames.Indexer : used.Name;
        var isWritten = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
            || reference.Parent is IIncrementOrDecrementOperation;
        foreach (var candidate in SelfAndInterfaces(type).SelectMany(t => t.GetMembers(name)).OfType<IPropertySymbol>())
        {
            if (!candidate.IsStatic
                && (candidate.DeclaredAccessibility == Accessibility.Public || candidate.ContainingType.TypeKind == TypeKind.Interface)
                && candidate.Parameters.Length == used.Parameters.Length
                && SameParameters(candidate.Parameters, used.Parameters)
                && (!isWritten || candidate.SetMethod is { DeclaredAccessibility: Accessibility.Public }))
            {
                return candidate;
            }
        }

        return null;
    }

    private static System.Collections.Generic.IEnumerable<ITypeSymbol> SelfAndInterfaces(ITypeSymbol type)
    {
        yield return type;
        foreach (var implemented in type.AllInterfaces)
        {
            yield return implemented;
        }
    }

    private static bool SameParameters(System.Collections.Immutable.ImmutableArray<IParameterSymbol> candidate, System.Collections.Immutable.ImmutableArray<IParameterSymbol> used)
    {
        for (var i = 0; i < used.Length; i++)
        {
            if (candidate[i].RefKind != used[i].RefKind || !SymbolEqualityComparer.Default.Equals(candidate[i].Type, used[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>Add(key: k, value: v)</c> still binds only if the replacement's parameters have those names.</summary>
    private static bool NamedArgumentsMatch(IInvocationOperation invocation, IMethodSymbol replacement)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Syntax is ArgumentSyntax { NameColon: not null } && argument.Parameter is { } parameter
                && replacement.Parameters[parameter.Ordinal].Name != parameter.Name)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsEnumerableOfSameElement(ITypeSymbol? oldType, ITypeSymbol newType)
    {
        var enumerable = _compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        ITypeSymbol? Element(ITypeSymbol? type)
            => type is null ? null
                : SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, enumerable) ? ((INamedTypeSymbol)type).TypeArguments[0]
                : type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, enumerable))?.TypeArguments[0];
        var oldElement = Element(oldType);
        return oldElement is not null && SymbolEqualityComparer.Default.Equals(oldElement, Element(newType));
    }

    private static bool IsInsideNameOf(CacheFieldUse use)
        => use.Node.Ancestors().OfType<InvocationExpressionSyntax>()
            .Any(invocation => use.SemanticModel.GetOperation(invocation) is INameOfOperation);
}
