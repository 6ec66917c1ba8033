using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

/// <summary>
/// The members of <c>this</c> that each instance method and property getter of the compilation's inheritable classes
/// uses, keyed by the member's original definition: a derived type follows a call into a base class declared elsewhere
/// with them. Each class that a type of the compilation derives from records its own bodies once, at its end; types end
/// in no guaranteed order, so the table is complete only at compilation end. Thread-safe.
/// </summary>
internal sealed class InheritedStateReads
{
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> _usesByBody = new(SymbolKeyComparer.Instance);
    private readonly Lazy<HashSet<INamedTypeSymbol>> _baseClasses;

    public InheritedStateReads(IAssemblySymbol assembly)
        => _baseClasses = new Lazy<HashSet<INamedTypeSymbol>>(() => CollectBaseClasses(assembly), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// True when a type of the compilation derives from <paramref name="type"/>: only then can a derived type call its
    /// methods. Most classes have none, and they skip recording (a walk of every body) altogether.
    /// </summary>
    public bool HasDerivedTypes(INamedTypeSymbol type)
        => type is { TypeKind: TypeKind.Class, IsSealed: false, IsStatic: false } && _baseClasses.Value.Contains(type.OriginalDefinition);

    /// <summary>
    /// Records what the bodies of <paramref name="facts"/>' type's own instance methods and getters use (constructors,
    /// setters and initializers are not called by a value).
    /// </summary>
    public void Record(TypeStateFacts facts)
    {
        foreach (var (body, uses) in facts.RecordedBodies())
        {
            // A body that uses nothing of 'this' reads no state: leaving it out keeps the table small.
            if (body is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary or MethodKind.PropertyGet } && uses.Count > 0)
            {
                _usesByBody[body] = uses.ToImmutableArray();
            }
        }
    }

    /// <summary>The members of <c>this</c> a recorded body uses; false when it uses none or was not (yet) recorded.</summary>
    public bool TryGetUses(ISymbol body, out ImmutableArray<ISymbol> uses) => _usesByBody.TryGetValue(body, out uses);

    /// <summary>Every class of the assembly that one of its types (nested ones included) derives from: declarations only, no bodies.</summary>
    private static HashSet<INamedTypeSymbol> CollectBaseClasses(IAssemblySymbol assembly)
    {
        var bases = new HashSet<INamedTypeSymbol>(SymbolKeyComparer.Instance);
        var namespaces = new Stack<INamespaceSymbol>();
        var types = new Stack<INamedTypeSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            var current = namespaces.Pop();
            foreach (var inner in current.GetNamespaceMembers())
            {
                namespaces.Push(inner);
            }

            foreach (var type in current.GetTypeMembers())
            {
                types.Push(type);
            }
        }

        while (types.Count > 0)
        {
            var type = types.Pop();
            foreach (var nested in type.GetTypeMembers())
            {
                types.Push(nested);
            }

            // Up the chain while in this assembly; a base already seen had its own bases added then.
            var baseType = type.BaseType?.OriginalDefinition;
            while (baseType is not null && SymbolEqualityComparer.Default.Equals(baseType.ContainingAssembly, assembly) && bases.Add(baseType))
            {
                baseType = baseType.BaseType?.OriginalDefinition;
            }
        }

        return bases;
    }
}
