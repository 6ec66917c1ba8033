using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

/// <summary>
/// <see cref="HelperUses"/> for helpers the whole assembly calls: an internal method or property (or a public one of an
/// internal type) that returns a cached value is excused when every use in the compilation only reads the result
/// (<c>foreach (var m in type.GetAllInstanceMethods())</c>). Uses are judged as they are seen and only the verdict is
/// kept; findings on such helpers wait for compilation end. Thread-safe.
/// </summary>
internal sealed class AssemblyHelperUses
{
    private static readonly Func<ISymbol, bool> s_isAssemblyHelper = IsAssemblyHelper;

    private readonly IAssemblySymbol _assembly;
    private readonly ConcurrentDictionary<ISymbol, bool> _isHelper = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _holdsCaches = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, bool> _onlyRead = new(SymbolKeyComparer.Instance);
    private readonly Func<INamedTypeSymbol, bool> _declaresCache;

    public AssemblyHelperUses(CacheModel model)
    {
        _assembly = model.Compilation.Assembly;
        _declaresCache = type => DeclaresCache(type, model);
    }

    /// <summary>An assembly helper declared in this compilation; decided once per member (every call site asks).</summary>
    /// <remarks>An anonymous type's property (every <c>row.Name</c> of a LINQ projection) is never one: it leaves before the table.</remarks>
    public bool IsOwnHelper(ISymbol member)
        => member.ContainingType is { IsAnonymousType: false }
           && SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _assembly)
           && _isHelper.GetOrAdd(member.OriginalDefinition, s_isAssemblyHelper);

    /// <summary>
    /// Whether a use of <paramref name="helper"/> is worth judging: only a helper of a type that holds a cache can
    /// return a cached value (uses of the others are many, and judging one can walk the caller's body).
    /// </summary>
    public bool MayReturnCachedValues(ISymbol helper)
        => helper.ContainingType is { } type && _holdsCaches.GetOrAdd(type.OriginalDefinition, _declaresCache);

    private static bool DeclaresCache(INamedTypeSymbol type, CacheModel model)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol or IPropertySymbol && model.GetCacheSymbol(member) is not null)
            {
                return true;
            }
        }

        return false;
    }
    private readonly ConcurrentQueue<(ISymbol Helper, Func<Diagnostic> Create)> _deferred = new();

    /// <summary>
    /// Callable only from this assembly, and only by name: not private (those are <see cref="HelperUses"/>'), not
    /// virtual, an override or an interface implementation, and neither it nor a containing type is public API.
    /// </summary>
    private static bool IsAssemblyHelper(ISymbol member)
    {
        if (member is not (IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol { IsIndexer: false })
            || member.DeclaredAccessibility == Accessibility.Private
            || member.IsVirtual || member.IsAbstract || member.IsOverride
            || member is IMethodSymbol { ExplicitInterfaceImplementations.IsEmpty: false }
            || member is IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false }
            || member.ImplementsInterfaceMember())
        {
            return false;
        }

        for (ISymbol? current = member; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records one use: a call or property read (judged now), or a method group (its callers are unknown).</summary>
    public void Record(ISymbol helper, IOperation use, TypeClassifier classifier)
    {
        var onlyRead = use is not IMethodReferenceOperation && HelperUses.IsReadOnlyUse(use, classifier);
        _onlyRead.AddOrUpdate(helper.OriginalDefinition, onlyRead, (_, before) => before && onlyRead);
    }

    /// <summary>Holds a finding on <paramref name="helper"/> until every use in the compilation has been seen.</summary>
    public void Defer(ISymbol helper, Func<Diagnostic> create) => _deferred.Enqueue((helper.OriginalDefinition, create));

    /// <summary>True when the helper is used, and every use only reads its result.</summary>
    public bool OnlyReadByCallers(ISymbol helper) => _onlyRead.TryGetValue(helper.OriginalDefinition, out var onlyRead) && onlyRead;

    /// <summary>At compilation end: the deferred findings whose helper some use may change.</summary>
    public IEnumerable<Diagnostic> Confirmed()
    {
        foreach (var (helper, create) in _deferred)
        {
            if (!OnlyReadByCallers(helper))
            {
                yield return create();
            }
        }
    }
}
