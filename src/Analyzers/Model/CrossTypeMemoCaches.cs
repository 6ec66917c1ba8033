using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Memo caches across types: a dictionary field that one type fills with memo writes (an internal static cache class)
/// and another type reads and returns from. Each type publishes, at its end, the caches other types can see that its
/// members memo-write, and defers the findings that need such a cache; at compilation end every type has been seen.
/// Thread-safe.
/// </summary>
internal sealed class CrossTypeMemoCaches
{
    private readonly ConcurrentDictionary<ISymbol, byte> _memoCaches = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentQueue<(ISymbol Cache, Func<Diagnostic> Create)> _deferred = new();

    /// <summary>A cache field or property that code in other types can read or write: not private to its declaring type.</summary>
    public static bool IsVisibleToOtherTypes(ISymbol cache, INamedTypeSymbol fromType)
        => cache is IFieldSymbol or IPropertySymbol
           && (cache.DeclaredAccessibility != Accessibility.Private
               || !SymbolEqualityComparer.Default.Equals(cache.ContainingType?.OriginalDefinition, fromType.OriginalDefinition));

    /// <summary>Records that some type memo-writes the cache (a get-or-add, or a write after a failed lookup).</summary>
    public void AddMemoCache(ISymbol cache) => _memoCaches.TryAdd(cache.OriginalDefinition, 0);

    /// <summary>Defers a finding that holds only if some type memo-writes <paramref name="cache"/>.</summary>
    public void Defer(ISymbol cache, Func<Diagnostic> create) => _deferred.Enqueue((cache.OriginalDefinition, create));

    /// <summary>At compilation end: the deferred findings whose cache turned out to be a memo cache.</summary>
    public IEnumerable<Diagnostic> Confirmed()
    {
        foreach (var (cache, create) in _deferred)
        {
            if (_memoCaches.ContainsKey(cache))
            {
                yield return create();
            }
        }
    }
}
