using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>A field, property, local or parameter whose type is a cache.</summary>
internal sealed class CacheSymbol
{
    public CacheSymbol(ISymbol symbol, CacheType type)
    {
        Symbol = symbol;
        Type = type;
    }

    /// <summary>The field, property, local or parameter.</summary>
    public ISymbol Symbol { get; }

    public CacheType Type { get; }

    public string Name => Symbol.Name;

    /// <summary>
    /// Shared caches live as long as their type: static fields and properties (members of static classes are static).
    /// Instance fields, locals and parameters live no longer than their owner.
    /// </summary>
    public bool IsShared => Symbol is IFieldSymbol or IPropertySymbol && Symbol.IsStatic;
}
