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

    public WellKnownTypes(Compilation compilation)
    {
        _weakReference = compilation.GetTypeByMetadataName("System.WeakReference");
        _genericWeakReference = compilation.GetTypeByMetadataName("System.WeakReference`1");
        _tuple = compilation.GetTypeByMetadataName("System.Tuple");
        _valueTuple = compilation.GetTypeByMetadataName("System.ValueTuple");
        _keyValuePair = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair");
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
}
