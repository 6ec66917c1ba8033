using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>Framework types the model reasons about, resolved once per compilation (any may be missing).</summary>
internal sealed class WellKnownTypes
{
    private readonly INamedTypeSymbol? _weakReference;
    private readonly INamedTypeSymbol? _genericWeakReference;
    private readonly INamedTypeSymbol? _tuple;
    private readonly INamedTypeSymbol? _valueTuple;
    private readonly INamedTypeSymbol? _keyValuePair;
    private readonly INamedTypeSymbol? _equalityComparer;
    private readonly INamedTypeSymbol? _comparer;
    private readonly INamedTypeSymbol? _nonGenericEqualityComparer;
    private readonly INamedTypeSymbol? _nonGenericComparer;

    public WellKnownTypes(Compilation compilation)
    {
        _weakReference = compilation.GetWellKnownType(WellKnownTypeNames.WeakReference);
        _genericWeakReference = compilation.GetWellKnownType(WellKnownTypeNames.GenericWeakReference);
        _tuple = compilation.GetWellKnownType(WellKnownTypeNames.Tuple);
        _valueTuple = compilation.GetWellKnownType(WellKnownTypeNames.ValueTuple);
        _keyValuePair = compilation.GetWellKnownType(WellKnownTypeNames.KeyValuePair);
        _equalityComparer = compilation.GetWellKnownType(WellKnownTypeNames.IEqualityComparer);
        _comparer = compilation.GetWellKnownType(WellKnownTypeNames.IComparer);
        _nonGenericEqualityComparer = compilation.GetWellKnownType(WellKnownTypeNames.NonGenericEqualityComparer);
        _nonGenericComparer = compilation.GetWellKnownType(WellKnownTypeNames.NonGenericComparer);
    }

    /// <summary><c>WeakReference</c> and <c>WeakReference&lt;T&gt;</c>: they hold their target weakly.</summary>
    public bool IsWeakReference(ITypeSymbol? type)
    {
        var definition = type?.OriginalDefinition;
        return definition is not null
            && (SymbolEqualityComparer.Default.Equals(definition, _weakReference)
                || SymbolEqualityComparer.Default.Equals(definition, _genericWeakReference));
    }

    /// <summary><c>Tuple.Create</c>, <c>ValueTuple.Create</c> and <c>KeyValuePair.Create</c> store their arguments.</summary>
    public bool IsTupleFactory(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        return method.IsStatic && type is not null
            && (SymbolEqualityComparer.Default.Equals(type, _tuple)
                || SymbolEqualityComparer.Default.Equals(type, _valueTuple)
                || SymbolEqualityComparer.Default.Equals(type, _keyValuePair));
    }

    /// <summary>
    /// A parameter type through which a cache is told how to compare its keys: <c>IEqualityComparer&lt;TKey&gt;</c>,
    /// <c>IComparer&lt;TKey&gt;</c> (sorted dictionaries) or their non-generic forms (<c>Hashtable</c>).
    /// </summary>
    public bool IsKeyComparer(ITypeSymbol parameterType, ITypeSymbol? keyType)
    {
        if (parameterType is not INamedTypeSymbol { TypeKind: TypeKind.Interface } named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, _nonGenericEqualityComparer)
            || SymbolEqualityComparer.Default.Equals(definition, _nonGenericComparer))
        {
            return true;
        }

        return (SymbolEqualityComparer.Default.Equals(definition, _equalityComparer) || SymbolEqualityComparer.Default.Equals(definition, _comparer))
               && (keyType is null || SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], keyType));
    }

    /// <summary><c>IComparer&lt;T&gt;</c> or <c>IComparer</c>: an ordering (sorted dictionaries), not an equality comparer.</summary>
    public bool IsOrderingComparer(ITypeSymbol type)
        => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _comparer)
           || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _nonGenericComparer);
}
