using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

/// <summary>
/// What the whole compilation does with values a helper may hand out. An internal method or property (or a public one
/// of an internal type) that returns a cached value is excused when every use in the compilation only reads the result
/// (<c>foreach (var m in type.GetAllInstanceMethods())</c>), also when a use passes it to a parameter of this
/// compilation's methods, stores it in a field or auto-property only this assembly sees, or returns it from another
/// helper, and those only read it in turn (<see cref="UseVerdict"/>). Uses are judged as they are seen and only the
/// verdicts are kept; findings on such helpers wait for compilation end. Thread-safe.
/// </summary>
internal sealed class AssemblyHelperUses
{
    /// <summary>How many parameters, storages and helpers deep a value is followed.</summary>
    private const int MaxDepth = 6;

    private static readonly Func<ISymbol, bool> s_isAssemblyHelper = IsAssemblyHelper;

    private readonly IAssemblySymbol _assembly;
    private readonly TypeClassifier _classifier;
    private readonly UseJudge _judge;
    private readonly ConcurrentDictionary<ISymbol, bool> _isHelper = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, bool> _isStorage = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, UseVerdict> _returned = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, UseVerdict> _parameters = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, UseVerdict> _storages = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentQueue<(ISymbol Helper, Func<Diagnostic> Create)> _deferred = new();
    private readonly CacheModel _model;
    private readonly Func<ISymbol, bool> _isTrackedStorage;

    public AssemblyHelperUses(CacheModel model)
    {
        _assembly = model.Compilation.Assembly;
        _classifier = model.TypeClassifier;
        _judge = new UseJudge(_classifier, this);
        _model = model;
        _isTrackedStorage = IsTrackedStorage;
    }

    /// <summary>An assembly helper declared in this compilation; decided once per member (every call site asks).</summary>
    /// <remarks>An anonymous type's property (every <c>row.Name</c> of a LINQ projection) is never one: it leaves before the table.</remarks>
    public bool IsOwnHelper(ISymbol member)
        => IsDeclaredHere(member) && _isHelper.GetOrAdd(member.OriginalDefinition, s_isAssemblyHelper);

    /// <summary>
    /// Whether a use of <paramref name="helper"/> is worth judging: only a helper of a type that holds a cache can
    /// return a cached value (uses of the others are many, and judging one can walk the caller's body).
    /// </summary>
    public bool MayReturnCachedValues(ISymbol helper)
        => helper.ContainingType is { } type && _model.DeclaresCache(type);

    /// <summary>A value of this type may be a mutable object a caller could change (<c>object</c> included).</summary>
    public bool MayHoldMutable(ITypeSymbol? type)
        => type is not null && (type.SpecialType == SpecialType.System_Object || _classifier.IsMutableCollection(type) || _classifier.IsMutableClass(type));

    /// <summary>
    /// What a parameter or storage must be able to hold for a helper's result to be followed into it: a mutable
    /// collection (what SC0002 reports by default) or <c>object</c>. Reads of class-typed parameters and fields are
    /// everywhere; a mutable class flowing into one (reported only with <c>safecache.SC0002.mutable_classes</c>) counts
    /// as "may change".
    /// </summary>
    private bool MayHoldCollection(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_Object
           || !type.IsValueType && type.SpecialType == SpecialType.None && _classifier.IsMutableCollection(type); // strings, numbers, structs: no lookup

    /// <summary>An assembly helper whose uses are recorded (<see cref="Record"/>).</summary>
    /// <remarks>Asked for every call and property read: the tests without a lookup first, then the rare "its type holds a cache".</remarks>
    public bool IsTrackedHelper(ISymbol member)
        => IsDeclaredHere(member) && MayReturnCachedValues(member) && IsOwnHelper(member) && MayHoldMutable(member.ValueType());

    /// <summary>A member of a named type of this compilation (never an anonymous type's, as every <c>row.Name</c> of a LINQ projection).</summary>
    private bool IsDeclaredHere(ISymbol member)
        => member.ContainingType is { IsAnonymousType: false } && SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _assembly);

    /// <summary>Records one use of a tracked helper: a call or property read (judged now), or a method group (its callers are unknown).</summary>
    public void Record(ISymbol helper, IOperation use, ISymbol caller)
    {
        Combine(_returned, helper.OriginalDefinition, use is IMethodReferenceOperation ? UseVerdict.Changes : _judge.Judge(use, caller));
    }

    /// <summary>Records what one private helper's callers do, for a finding that waits for the values it flows into.</summary>
    public void Publish(ISymbol helper, UseVerdict verdict) => _returned[helper.OriginalDefinition] = verdict;

    /// <summary>Records one read of a parameter that a helper's result may be passed to.</summary>
    public void RecordParameterRead(IParameterReferenceOperation reference, ISymbol containing)
    {
        var parameter = reference.Parameter;
        if (IsTrackedParameter(parameter) && !IsStore(reference))
        {
            RecordRead(_parameters, parameter.OriginalDefinition, reference, containing);
        }
    }

    /// <summary>Records one read of a field or auto-property that a helper's result may be stored in.</summary>
    public void RecordStorageRead(IMemberReferenceOperation reference, ISymbol containing)
    {
        // The member's verdict (cached per member) before the reference's type: most references are to public
        // properties, never tracked, whose types need no classifying.
        var member = reference.Member;
        if (member.Kind is SymbolKind.Field or SymbolKind.Property
            && SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _assembly)
            && _isStorage.GetOrAdd(member.OriginalDefinition, _isTrackedStorage)
            && reference.Type is { } type && MayHoldCollection(type) && !IsStore(reference))
        {
            RecordRead(_storages, member.OriginalDefinition, reference, containing);
        }
    }

    /// <summary>The value is passed to <paramref name="parameter"/>: read-only if the method only reads it.</summary>
    public UseVerdict ParameterUse(IParameterSymbol parameter)
        => IsTrackedParameter(parameter) ? UseVerdict.On(ImplementationOf(parameter), UseDependencyKind.Parameter) : UseVerdict.Changes;

    /// <summary>The value is stored in <paramref name="member"/>: read-only if every read of it only reads.</summary>
    public UseVerdict StorageUse(ISymbol member)
    {
        var type = member.ValueType();
        if (_classifier.IsReadOnlyView(type) || _classifier.IsImmutable(type))
        {
            return UseVerdict.Reads;
        }

        return SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _assembly) && _isStorage.GetOrAdd(member.OriginalDefinition, _isTrackedStorage)
            ? UseVerdict.On(member, UseDependencyKind.Storage)
            : UseVerdict.Changes;
    }

    /// <summary>The value is returned by <paramref name="member"/>: read-only if every use of that helper only reads.</summary>
    public UseVerdict ReturnedUse(ISymbol member)
        => IsTrackedHelper(member) ? UseVerdict.On(member, UseDependencyKind.Returned) : UseVerdict.Changes;

    /// <summary>Holds a finding on <paramref name="helper"/> until every use in the compilation has been seen.</summary>
    public void Defer(ISymbol helper, Func<Diagnostic> create) => _deferred.Enqueue((helper.OriginalDefinition, create));

    /// <summary>True when the helper is used, and every use only reads its result. Call at compilation end.</summary>
    public bool OnlyReadByCallers(ISymbol helper)
        => OnlyReads(new UseDependency(helper, UseDependencyKind.Returned), new HashSet<UseDependency>(), 0);

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

    private bool OnlyReads(UseDependency dependency, HashSet<UseDependency> visiting, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (!visiting.Add(dependency))
        {
            return true; // a cycle: the value comes back to what is being judged
        }

        var table = dependency.Kind switch
        {
            UseDependencyKind.Parameter => _parameters,
            UseDependencyKind.Storage => _storages,
            _ => _returned,
        };

        // A parameter or storage nothing reads cannot change the value; a helper nobody uses is not excused.
        if (!table.TryGetValue(dependency.Symbol, out var verdict))
        {
            return dependency.Kind != UseDependencyKind.Returned;
        }

        if (verdict.MayChange)
        {
            return false;
        }

        foreach (var next in verdict.Dependencies)
        {
            if (!OnlyReads(next, visiting, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private void RecordRead(ConcurrentDictionary<ISymbol, UseVerdict> table, ISymbol key, IOperation reference, ISymbol containing)
    {
        if (table.TryGetValue(key, out var before) && before.MayChange)
        {
            return; // already known to change: no need to judge more reads
        }

        // A read that only reads adds nothing: a parameter or storage absent from its table only reads (OnlyReads). Most
        // reads are such; storing them grew the tables (and their locks) with every collection-typed member.
        var verdict = _judge.Judge(reference, containing);
        if (!verdict.OnlyReads)
        {
            Combine(table, key, verdict);
        }
    }

    /// <summary>Adds one use's verdict to what is known of <paramref name="key"/> (no closure: this runs for many operations).</summary>
    private static void Combine(ConcurrentDictionary<ISymbol, UseVerdict> table, ISymbol key, UseVerdict verdict)
    {
        while (true)
        {
            if (!table.TryGetValue(key, out var existing))
            {
                if (table.TryAdd(key, verdict))
                {
                    return;
                }

                continue;
            }

            var combined = existing.And(verdict);
            if (ReferenceEquals(combined, existing) || table.TryUpdate(key, combined, existing))
            {
                return;
            }
        }
    }

    /// <summary>The reference is where a value is stored, not read: an assignment's target or an <c>out</c> argument.</summary>
    private static bool IsStore(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
        _ => false,
    };

    /// <summary>
    /// A by-value parameter of a method of this compilation whose body is the one that runs (not abstract, virtual,
    /// extern or a delegate's, nor a record's primary constructor, whose parameters become properties without a
    /// visible use), of a type that may hold a mutable value.
    /// </summary>
    private bool IsTrackedParameter(IParameterSymbol parameter)
        => parameter.RefKind == RefKind.None
           && MayHoldCollection(parameter.Type) // the cheap, common exit first: most parameters hold no collection
           && parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction } method
           && !method.IsAbstract && !method.IsVirtual && !method.IsExtern && (!method.IsOverride || method.IsSealed || method.ContainingType.IsSealed)
           && !(method.ContainingType.IsRecord && method.MethodKind == MethodKind.Constructor && method.IsPrimaryConstructor()) // stored in public properties unseen
           && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly);

    /// <summary>A partial method's calls bind to its declaration; its body reads the implementation's parameters.</summary>
    private static ISymbol ImplementationOf(IParameterSymbol parameter)
        => parameter.ContainingSymbol is IMethodSymbol { PartialImplementationPart: { } implementation } && parameter.Ordinal < implementation.Parameters.Length
            ? implementation.Parameters[parameter.Ordinal]
            : parameter;

    /// <summary>A field or non-virtual auto-property of this compilation that other assemblies cannot see, of a type that may hold a mutable value.</summary>
    private bool IsTrackedStorage(ISymbol member)
        => member switch
        {
            IFieldSymbol { IsConst: false } field => MayHoldCollection(field.Type),
            IPropertySymbol { IsIndexer: false, IsVirtual: false, IsAbstract: false, IsOverride: false } property => property.IsAutoProperty() && MayHoldCollection(property.Type),
            _ => false,
        }
        && member.Locations.Length > 0 && member.Locations[0].IsInSource
        && !member.IsVisibleOutsideAssembly();

    /// <summary>
    /// Callable only from this assembly, and only by name: not private (those are <see cref="HelperUses"/>'), not
    /// virtual, an override or an interface implementation, and neither it nor a containing type is public API.
    /// </summary>
    private static bool IsAssemblyHelper(ISymbol member)
        => member is IMethodSymbol { MethodKind: MethodKind.Ordinary, ExplicitInterfaceImplementations.IsEmpty: true }
               or IPropertySymbol { IsIndexer: false, ExplicitInterfaceImplementations.IsEmpty: true }
           && member.DeclaredAccessibility != Accessibility.Private
           && !member.IsVirtual && !member.IsAbstract && !member.IsOverride
           && !member.ImplementsInterfaceMember()
           && !member.IsVisibleOutsideAssembly();
}
