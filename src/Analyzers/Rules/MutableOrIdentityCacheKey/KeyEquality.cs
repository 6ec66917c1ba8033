using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Rules.MutableOrIdentityCacheKey;

/// <summary>
/// How a key type is compared by a hash-based cache that has no comparer of its own. Symbols are resolved once per
/// compilation.
/// </summary>
internal sealed class KeyEquality
{
    private readonly INamedTypeSymbol? _enumerable;
    private readonly INamedTypeSymbol? _immutableArray;
    private readonly INamedTypeSymbol? _stringBuilder;
    private readonly INamedTypeSymbol? _set;
    private readonly INamedTypeSymbol? _dictionary;
    private readonly INamedTypeSymbol? _list;
    private readonly IMethodSymbol? _objectEquals;
    private readonly IMethodSymbol? _objectGetHashCode;

    public KeyEquality(Compilation compilation)
    {
        _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        _immutableArray = compilation.GetTypeByMetadataName("System.Collections.Immutable.ImmutableArray`1");
        _stringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
        _set = compilation.GetTypeByMetadataName("System.Collections.Generic.ISet`1");
        _dictionary = compilation.GetTypeByMetadataName("System.Collections.IDictionary");
        _list = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IList_T);
        var obj = compilation.GetSpecialType(SpecialType.System_Object);
        foreach (var member in obj.GetMembers(WellKnownMemberNames.ObjectEquals))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 1 } method)
            {
                _objectEquals = method;
            }
        }

        foreach (var member in obj.GetMembers(WellKnownMemberNames.ObjectGetHashCode))
        {
            _objectGetHashCode = member as IMethodSymbol;
        }
    }

    /// <summary>
    /// An array, a mutable or immutable collection, <c>ImmutableArray&lt;T&gt;</c> (it compares the array it wraps) or a
    /// <c>StringBuilder</c>: two with the same elements are different keys. Strings are not collections here.
    /// </summary>
    public bool IsCollectionComparedByIdentity(ITypeSymbol? type)
    {
        switch (type)
        {
            case null or { SpecialType: SpecialType.System_String }:
                return false;
            case IArrayTypeSymbol:
                return true;
            case INamedTypeSymbol named when Is(named.OriginalDefinition, _immutableArray) || Is(named, _stringBuilder):
                return true;
            case INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface or TypeKind.Struct } named:
                return Implements(named, _enumerable) && !OverridesEquality(named);
            default:
                return false;
        }
    }

    /// <summary>
    /// A class compared by reference: neither it nor a base other than <c>object</c> overrides <c>Equals</c> or
    /// <c>GetHashCode</c>. Records, structs, delegates and interfaces are not.
    /// </summary>
    public bool IsClassComparedByIdentity(ITypeSymbol? type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsRecord: false, SpecialType: SpecialType.None } named
           && !OverridesEquality(named);

    /// <summary>"array with the same numbers", "list with the same strings": what a caller would build again.</summary>
    public string DescribeCollection(ITypeSymbol type)
    {
        var noun = type switch
        {
            IArrayTypeSymbol => "array",
            INamedTypeSymbol named when Is(named, _stringBuilder) => "StringBuilder",
            INamedTypeSymbol named when Is(named.OriginalDefinition, _immutableArray) => "ImmutableArray",
            INamedTypeSymbol named when Implements(named, _dictionary) => "dictionary",
            INamedTypeSymbol named when ImplementsGeneric(named, _set) => "set",
            INamedTypeSymbol named when ImplementsGeneric(named, _list) => "list",
            _ => "collection",
        };
        if (noun == "StringBuilder")
        {
            return "StringBuilder with the same text";
        }

        var element = type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } named => named.TypeArguments[0],
            _ => null,
        };
        var elements = element?.SpecialType switch
        {
            SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal => "numbers",
            SpecialType.System_String => "strings",
            _ => "elements",
        };
        return noun + " with the same " + elements;
    }

    private bool OverridesEquality(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { IsOverride: true } method && (Overrides(method, _objectEquals) || Overrides(method, _objectGetHashCode)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Overrides(IMethodSymbol method, IMethodSymbol? target)
    {
        if (target is null || method.Name != target.Name)
        {
            return false;
        }

        for (var current = method.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, target))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract)
    {
        if (contract is null)
        {
            return false;
        }

        if (Is(type, contract))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented, contract))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsGeneric(INamedTypeSymbol type, INamedTypeSymbol? contract)
    {
        if (contract is null)
        {
            return false;
        }

        if (Is(type.OriginalDefinition, contract))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented.OriginalDefinition, contract))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
