using System.Collections.Generic;
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

    /// <summary>
    /// Where the cache is declared, for "go to": a field's variable declarator (<c>s_cache = new()</c>), a property's
    /// name; null for a cache declared only in metadata.
    /// </summary>
    public Location? DeclarationLocation
    {
        get
        {
            var references = Symbol.DeclaringSyntaxReferences;
            if (references.IsDefaultOrEmpty)
            {
                return null;
            }

            if (Symbol is IPropertySymbol)
            {
                return Symbol.Locations.IsDefaultOrEmpty ? null : Symbol.Locations[0];
            }

            var reference = references[0];
            return Location.Create(reference.SyntaxTree, reference.Span);
        }
    }

    /// <summary>The declaration as a diagnostic's additional locations: one entry, or none for a metadata cache.</summary>
    public IEnumerable<Location> DeclarationLocations
        => DeclarationLocation is { } location ? new[] { location } : System.Array.Empty<Location>();
}
