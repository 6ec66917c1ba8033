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
    private readonly ConcurrentDictionary<ISymbol, byte> _memoCaches = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentQueue<(ISymbol Cache, ISymbol? Helper, Func<Diagnostic> Create)> _deferred = new();

    /// <summary>A cache field or property that code in other types can read or write: not private to its declaring type.</summary>
    public static bool IsVisibleToOtherTypes(ISymbol cache, INamedTypeSymbol fromType)
        => cache is IFieldSymbol or IPropertySymbol
           && (cache.DeclaredAccessibility != Accessibility.Private
               || !SymbolEqualityComparer.Default.Equals(cache.ContainingType?.OriginalDefinition, fromType.OriginalDefinition));

    /// <summary>Records that some type memo-writes the cache (a get-or-add, or a write after a failed lookup).</summary>
    public void AddMemoCache(ISymbol cache) => _memoCaches.TryAdd(cache.OriginalDefinition, 0);

    /// <summary>
    /// Defers a finding that holds only if some type memo-writes <paramref name="cache"/>; <paramref name="helper"/>, when
    /// set, is the member whose callers may still excuse it.
    /// </summary>
    public void Defer(ISymbol cache, ISymbol? helper, Func<Diagnostic> create) => _deferred.Enqueue((cache.OriginalDefinition, helper, create));

    /// <summary>At compilation end: the deferred findings whose cache turned out to be a memo cache and whose helper is not excused.</summary>
    public IEnumerable<Diagnostic> Confirmed(Func<ISymbol, bool> excused)
    {
        foreach (var (cache, helper, create) in _deferred)
        {
            if (_memoCaches.ContainsKey(cache) && (helper is null || !excused(helper)))
            {
                yield return create();
            }
        }
    }
}
