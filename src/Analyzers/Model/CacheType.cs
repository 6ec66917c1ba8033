using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>A type the model treats as a cache, with what it knows of its key and value types.</summary>
internal sealed class CacheType
{
    public CacheType(CacheKind kind, ITypeSymbol type, ITypeSymbol? keyType, ITypeSymbol? valueType)
    {
        Kind = kind;
        Type = type;
        KeyType = keyType;
        ValueType = valueType;
    }

    public CacheKind Kind { get; }

    /// <summary>The (constructed) type of the cache symbol.</summary>
    public ITypeSymbol Type { get; }

    /// <summary>The key type when the cache is generic; <c>object</c>/<c>string</c> for non-generic caches.</summary>
    public ITypeSymbol? KeyType { get; }

    public ITypeSymbol? ValueType { get; }

    /// <summary>Keys are held weakly (<c>ConditionalWeakTable</c>): a key does not keep its object alive.</summary>
    public bool HasWeakKeys => Kind == CacheKind.ConditionalWeakTable;

    /// <summary>Entries belong to a weakly held owner (<c>WeakLruCache</c>): neither the owner nor values that reference it are kept alive.</summary>
    public bool HasWeakOwner => Kind == CacheKind.WeakLruCache;
}
