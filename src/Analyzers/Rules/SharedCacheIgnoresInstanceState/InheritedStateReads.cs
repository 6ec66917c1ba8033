using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

/// <summary>
/// The members of <c>this</c> that each instance method and property getter of the compilation's inheritable classes
/// uses, keyed by the member's original definition: a derived type follows a call into a base class declared elsewhere
/// with them. Each class records its own bodies once, at its end; types end in no guaranteed order, so the table is
/// complete only at compilation end. Thread-safe.
/// </summary>
internal sealed class InheritedStateReads
{
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> _usesByBody = new(SymbolEqualityComparer.Default);

    /// <summary>A class another type can derive from (a sealed or static class, or a struct, has no derived types).</summary>
    public static bool IsInheritable(INamedTypeSymbol type) => type is { TypeKind: TypeKind.Class, IsSealed: false, IsStatic: false };

    /// <summary>Records the bodies of <paramref name="type"/>'s own instance methods and getters (constructors, setters and initializers are not called by a value).</summary>
    public void Record(INamedTypeSymbol type, IEnumerable<(ISymbol Owner, ImmutableArray<IOperation> Operations)> blocks)
    {
        var uses = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var (owner, operations) in blocks)
        {
            if (owner is not IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary or MethodKind.PropertyGet }
                || !SymbolEqualityComparer.Default.Equals(owner.ContainingType, type))
            {
                continue;
            }

            var key = TypeStateFacts.Normalize(owner);
            if (!uses.TryGetValue(key, out var used))
            {
                used = new List<ISymbol>();
                uses.Add(key, used);
            }

            foreach (var operation in operations)
            {
                TypeStateFacts.AddDirectUses(operation, used);
            }
        }

        foreach (var pair in uses)
        {
            if (pair.Value.Count > 0)
            {
                // A body that uses nothing of 'this' reads no state: leaving it out keeps the table small.
                _usesByBody[pair.Key] = pair.Value.ToImmutableArray();
            }
        }
    }

    /// <summary>The members of <c>this</c> a recorded body uses; false when it uses none or was not (yet) recorded.</summary>
    public bool TryGetUses(ISymbol body, out ImmutableArray<ISymbol> uses) => _usesByBody.TryGetValue(body, out uses);
}
