using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

/// <summary>A piece of instance state a cached value depends on, and the member of <c>this</c> it was reached through.</summary>
internal sealed class StateRead
{
    public StateRead(ISymbol state, ISymbol? through)
    {
        State = state;
        Through = through;
    }

    /// <summary>An instance field, auto-property or captured primary constructor parameter.</summary>
    public ISymbol State { get; }

    /// <summary>The method or computed property the value calls to reach <see cref="State"/>; null when read directly.</summary>
    public ISymbol? Through { get; }
}

/// <summary>
/// What one type's member bodies tell us about its instance state: which members each body uses, which fields and
/// properties are ever assigned, and which initializers give every instance the same value. Each of the type's operation
/// blocks leaves a record of symbols as it is analyzed (no operation is kept); the records are merged when the type's
/// end first asks a question.
/// </summary>
/// <remarks>
/// Members of base types declared in the compilation are analyzed under their own type, in no guaranteed order: a base
/// field or auto-property counts as state (unless static or const), and a base method or computed property is followed
/// through <see cref="InheritedStateReads"/>, complete only at compilation end (<see cref="NeedsInheritedBodies"/> tells
/// the caller to wait for it). Base members from other assemblies are not followed; only a virtual or abstract one
/// counts, as it depends on the runtime type.
/// </remarks>
internal sealed class TypeStateFacts
{
    /// <summary>How many calls deep a value is followed into the type's own methods and properties.</summary>
    private const int MaxCallDepth = 8;

    private readonly INamedTypeSymbol _type;
    private readonly TypeClassifier _types;
    private readonly InheritedStateReads _inherited;
    private readonly object _gate = new();
    private readonly Lazy<bool> _hasOneConstructor;

    // Each member body leaves a small record here, lock-free; the type merges them into the tables below only when it
    // has something to judge (most types never do), under _gate.
    private readonly ConcurrentQueue<MemberFacts> _recorded = new();
    private readonly Dictionary<ISymbol, List<ISymbol>> _usesByBody = new(SymbolKeyComparer.Instance);
    private readonly HashSet<ISymbol> _assigned = new(SymbolKeyComparer.Instance);
    private readonly HashSet<ISymbol> _perInstanceInitializers = new(SymbolKeyComparer.Instance);

    // Fields computed on first use ('_regex ??= new Regex(_pattern)') and what their values read; a field also assigned
    // any other way is plain state.
    private readonly Dictionary<ISymbol, List<ISymbol>> _lazyUses = new(SymbolKeyComparer.Instance);
    private readonly HashSet<ISymbol> _assignedOtherwise = new(SymbolKeyComparer.Instance);
    private readonly Dictionary<ISymbol, ImmutableArray<ISymbol>> _statesOf = new(SymbolKeyComparer.Instance);

    public TypeStateFacts(INamedTypeSymbol type, TypeClassifier types, InheritedStateReads inherited)
    {
        _types = types;
        _type = type;
        _inherited = inherited;
        _hasOneConstructor = new Lazy<bool>(() => type.InstanceConstructors.Length == 1);
    }

    /// <summary>The members of <c>this</c> a body uses in a way that can change a value, normalized.</summary>
    public static List<ISymbol> DirectUses(IOperation body)
    {
        List<ISymbol>? used = null;
        foreach (var operation in body.DescendantsAndSelf())
        {
            AddDirectUse(operation, ref used);
        }

        return used ?? new List<ISymbol>();
    }

    private static void AddDirectUse(IOperation operation, ref List<ISymbol>? used)
    {
        if (InstanceStateReads.TryGetUse(operation, thisParameters: null, out var use) && !ValueSources.CannotAffectValue(use.Site))
        {
            (used ??= new List<ISymbol>()).Add(Normalize(use.Member));
        }
    }

    /// <summary>
    /// Records what one member's operation blocks tell about the type, in one walk, as each member is seen (CA1822
    /// style), so that no operation tree is kept until the type's end:
    /// <list type="bullet">
    /// <item>the members of <c>this</c> that a method or getter body uses (a value may call it);</item>
    /// <item>the fields and properties assigned anywhere other than by their initializer, or by one of this type's
    /// constructors with a value that is the same for every instance (<c>_culture = CultureInfo.InvariantCulture;</c>,
    /// an initializer written in the constructor);</item>
    /// <item>whether an initializer gives every instance the same value.</item>
    /// </list>
    /// Writes are recorded from nested types' members too (they may assign our private fields); the rest only from our own.
    /// <paramref name="visitBody"/>, when given, sees each operation of the member's body (not of initializers) in the
    /// same walk, so that the caller need not walk the body again.
    /// </summary>
    public void Record(ISymbol owner, ImmutableArray<IOperation> blocks, Action<IOperation>? visitBody)
    {
        var own = SymbolEqualityComparer.Default.Equals(owner.ContainingType, _type);
        var inOwnConstructor = own && owner is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false };
        var recordUses = own && MayBeFollowed(owner);
        var facts = new MemberFacts(Normalize(owner));
        foreach (var block in blocks)
        {
            var isInitializer = RecordIfInitializer(block, own, facts);
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (!isInitializer)
                {
                    if (recordUses)
                    {
                        AddDirectUse(operation, ref facts.Uses);
                    }

                    visitBody?.Invoke(operation);
                }

                if (operation.Kind is OperationKind.FieldReference or OperationKind.PropertyReference
                    && operation.IsWriteTarget()
                    && !(inOwnConstructor && InitializesTheSameForEveryInstance((IMemberReferenceOperation)operation)))
                {
                    var reference = (IMemberReferenceOperation)operation;
                    (facts.Assigned ??= new()).Add((Normalize(reference.Member), LazyFieldValues.UsesOf(reference)));
                }
            }
        }

        if (facts.Uses is not null || facts.Assigned is not null || facts.PerInstanceInitialized is not null)
        {
            _recorded.Enqueue(facts);
        }
    }

    /// <summary>The method and getter bodies recorded so far, with the members of <c>this</c> each uses.</summary>
    public IEnumerable<(ISymbol Body, IReadOnlyList<ISymbol> Uses)> RecordedBodies()
    {
        lock (_gate)
        {
            MergeRecorded();
            return _usesByBody.Select(pair => (pair.Key, (IReadOnlyList<ISymbol>)pair.Value)).ToList();
        }
    }

    /// <summary>Moves the members' records into the tables; called under <see cref="_gate"/> before any query.</summary>
    private void MergeRecorded()
    {
        var merged = false;
        while (_recorded.TryDequeue(out var facts))
        {
            merged = true;
            if (facts.Uses is not null)
            {
                AddBodyUses(facts.Owner, facts.Uses);
            }

            foreach (var (member, lazyUses) in facts.Assigned ?? Enumerable.Empty<(ISymbol, List<ISymbol>?)>())
            {
                RecordAssigned(member, lazyUses);
            }

            _perInstanceInitializers.UnionWith(facts.PerInstanceInitialized ?? Enumerable.Empty<ISymbol>());
        }

        if (merged)
        {
            _statesOf.Clear(); // answers computed before these facts arrived may be incomplete
        }
    }

    /// <summary>
    /// Only instance methods and getters are followed from a value; a constructor, setter or event accessor is never
    /// called by one, so its uses need not be recorded.
    /// </summary>
    private static bool MayBeFollowed(ISymbol owner)
        => owner is IMethodSymbol
        {
            IsStatic: false,
            MethodKind: not (MethodKind.Constructor or MethodKind.Destructor or MethodKind.PropertySet
                or MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise),
        };

    private bool RecordIfInitializer(IOperation block, bool own, MemberFacts facts)
    {
        switch (block)
        {
            case IFieldInitializerOperation initializer:
                if (own)
                {
                    RecordInitializer(initializer.InitializedFields, initializer.Value, facts);
                }

                return true;
            case IPropertyInitializerOperation initializer:
                if (own)
                {
                    RecordInitializer(initializer.InitializedProperties, initializer.Value, facts);
                }

                return true;
            default:
                return false;
        }
    }

    private void AddBodyUses(ISymbol body, List<ISymbol> used)
    {
        if (_usesByBody.TryGetValue(body, out var existing))
        {
            existing.AddRange(used);
        }
        else
        {
            _usesByBody.Add(body, used);
        }
    }

    private void RecordAssigned(ISymbol member, List<ISymbol>? lazyUses)
    {
        _assigned.Add(member);
        if (lazyUses is null)
        {
            _assignedOtherwise.Add(member);
        }
        else if (_lazyUses.TryGetValue(member, out var known))
        {
            known.AddRange(lazyUses);
        }
        else
        {
            _lazyUses.Add(member, lazyUses);
        }
    }

    /// <summary>
    /// <c>this._field = value;</c> as a statement of the type's only constructor (not under a condition, not in a lambda),
    /// with a value every instance gets alike: every instance runs it.
    /// </summary>
    private bool InitializesTheSameForEveryInstance(IMemberReferenceOperation target)
        => _hasOneConstructor.Value
           && target.Parent is ISimpleAssignmentOperation { Parent: IExpressionStatementOperation { Parent: IBlockOperation { Parent: IConstructorBodyOperation or IMethodBodyOperation } } } assignment
           && assignment.Target == target
           && target.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
           && IsSameForEveryInstance(assignment.Value);

    /// <summary>Records whether a field or property initializer gives every instance the same value.</summary>
    private void RecordInitializer<TSymbol>(ImmutableArray<TSymbol> members, IOperation value, MemberFacts facts)
        where TSymbol : ISymbol
    {
        if (!IsSameForEveryInstance(value))
        {
            foreach (var member in members)
            {
                (facts.PerInstanceInitialized ??= new()).Add(Normalize(member));
            }
        }
    }

    /// <summary>
    /// True when the value or the key reaches a method or computed property of a base class declared in another type of
    /// the compilation: that type records what it reads at its own end, so judge at compilation end.
    /// </summary>
    public bool NeedsInheritedBodies(ImmutableArray<StateUse> valueUses, ImmutableArray<StateUse> keyUses)
    {
        lock (_gate)
        {
            MergeRecorded();
            foreach (var uses in new[] { valueUses, keyUses })
            {
                foreach (var use in uses)
                {
                    StatesOf(use, followInherited: false, out var reachesInherited);
                    if (reachesInherited)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The first instance state the value depends on (directly, through the type's own methods and properties, or through
    /// inherited ones) that the key does not also depend on; null when the key covers all of it or there is none.
    /// Inherited bodies are known only at compilation end: before it, call only when <see cref="NeedsInheritedBodies"/> is false.
    /// </summary>
    public StateRead? FirstStateNotInKey(ImmutableArray<StateUse> valueUses, ImmutableArray<StateUse> keyUses)
    {
        lock (_gate)
        {
            MergeRecorded();
            var inKey = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
            foreach (var use in keyUses)
            {
                inKey.UnionWith(StatesOf(use, followInherited: true, out _));
            }

            foreach (var use in valueUses)
            {
                foreach (var state in StatesOf(use, followInherited: true, out _))
                {
                    if (!inKey.Contains(state))
                    {
                        return new StateRead(state, SymbolEqualityComparer.Default.Equals(state, use.Member) ? null : use.Member);
                    }
                }
            }

            return null;
        }
    }

    /// <summary>
    /// The instance state a use stands for or reads. <c>base.Describe(x)</c> runs exactly the base body, though
    /// <c>Describe</c> is virtual: such a use is followed into its body.
    /// </summary>
    private ImmutableArray<ISymbol> StatesOf(StateUse use, bool followInherited, out bool reachesInherited)
        => StatesOf(use.Member, use.RunsExactBody, followInherited, out reachesInherited);

    /// <summary>
    /// The instance state a member stands for or reads, following the type's own bodies breadth-first, and inherited
    /// bodies when <paramref name="followInherited"/>. A result that skipped an inherited body is not kept.
    /// </summary>
    private ImmutableArray<ISymbol> StatesOf(ISymbol member, bool nonVirtual, bool followInherited, out bool reachesInherited)
    {
        reachesInherited = false;
        if (!nonVirtual && _statesOf.TryGetValue(member, out var known))
        {
            return known;
        }

        var states = ImmutableArray.CreateBuilder<ISymbol>();
        var seen = new HashSet<ISymbol>(SymbolKeyComparer.Instance) { member };
        var frontier = new List<ISymbol> { member };
        for (var depth = 0; depth <= MaxCallDepth && frontier.Count > 0; depth++)
        {
            var next = new List<ISymbol>();
            foreach (var reached in frontier)
            {
                var exact = nonVirtual && depth == 0; // the very body called, not an override
                var current = exact ? reached : ImplementationInSealedType(ImplementationOfInterfaceMember(reached));
                IEnumerable<ISymbol>? used = null;
                if (!exact && LazyUsesOf(current) is { } computedFrom)
                {
                    used = computedFrom; // a field computed on first use stands for what it is computed from
                }
                else if (!exact && IsState(current))
                {
                    states.Add(current);
                    continue;
                }
                else if (BodyOf(current) is { } body && _usesByBody.TryGetValue(body, out var own))
                {
                    used = own;
                }
                else if (InheritedBodyOf(current) is { } inheritedBody)
                {
                    reachesInherited = true;
                    used = followInherited && _inherited.TryGetUses(inheritedBody, out var inherited) ? inherited : null;
                }

                foreach (var inner in used ?? Enumerable.Empty<ISymbol>())
                {
                    if (seen.Add(inner))
                    {
                        next.Add(inner);
                    }
                }
            }

            frontier = next;
        }

        var result = states.ToImmutable();
        if (!nonVirtual && (followInherited || !reachesInherited))
        {
            _statesOf[member] = result;
        }

        return result;
    }

    /// <summary>
    /// The reads of a private field (or an auto-property only this type sets, <c>field ??= …</c> included) whose every
    /// write is <c>??=</c> of a value built from <c>this</c> alone: each instance computes it from the same state. Null
    /// for any other member.
    /// </summary>
    private List<ISymbol>? LazyUsesOf(ISymbol member)
        => member is IFieldSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Private }
                  or IPropertySymbol { IsStatic: false, SetMethod: null or { DeclaredAccessibility: Accessibility.Private } }
           && IsOwn(member)
           && !IsOverridable(member)
           && _lazyUses.TryGetValue(member, out var uses)
           && !_assignedOtherwise.Contains(member)
           && !_perInstanceInitializers.Contains(member)
            ? uses
            : null;

    /// <summary>
    /// An interface member used on <c>this</c> (<c>((IDialect)this).Quote(name)</c>) runs this type's implementation
    /// of it: follow that one. A default implementation in the interface stays as it is.
    /// </summary>
    private ISymbol ImplementationOfInterfaceMember(ISymbol member)
    {
        if (member.IsStatic || member.ContainingType is not { TypeKind: TypeKind.Interface } declaring)
        {
            return member;
        }

        foreach (var implemented in _type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, declaring.OriginalDefinition))
            {
                continue;
            }

            foreach (var candidate in implemented.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, member)
                    && _type.FindImplementationForInterfaceMember(candidate) is { } implementation
                    && implementation.ContainingType is { TypeKind: not TypeKind.Interface })
                {
                    return Normalize(implementation);
                }
            }
        }

        return member;
    }

    /// <summary>
    /// In a sealed type, a virtual or abstract member reached through a base body runs the type's own (or an inherited)
    /// override, known statically: follow that one instead of counting the member as runtime-type dependent.
    /// </summary>
    private ISymbol ImplementationInSealedType(ISymbol member)
    {
        if (!_type.IsSealed || member.IsStatic || !(member.IsVirtual || member.IsAbstract || member.IsOverride))
        {
            return member;
        }

        var declaring = member.ContainingType.OriginalDefinition;
        for (var type = _type; type is not null && !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, declaring); type = type.BaseType)
        {
            foreach (var candidate in type.GetMembers(member.Name))
            {
                if (Overrides(candidate, member))
                {
                    return Normalize(candidate);
                }
            }
        }

        return member;
    }

    private static bool Overrides(ISymbol candidate, ISymbol member)
    {
        for (var overridden = candidate.OverriddenMember(); overridden is not null; overridden = overridden.OverriddenMember())
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for per-instance data: a field, auto-property or captured primary constructor parameter that can differ between instances.</summary>
    private bool IsState(ISymbol member) => member switch
    {
        IParameterSymbol => true, // InstanceStateReads reports only captured primary constructor parameters
        // A method or property a subclass can override (inherited ones included): what it returns depends on the instance's runtime type.
        IMethodSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false } when IsOverridable(member) => true,
        IFieldSymbol { IsStatic: true } or IFieldSymbol { IsConst: true } or IPropertySymbol { IsStatic: true } => false,
        IFieldSymbol field when IsOwn(field) => !IsSameForEveryInstance(field),
        IPropertySymbol property when IsOwn(property) => property.IsAutoProperty() && !IsSameForEveryInstance(property),
        IFieldSymbol or IPropertySymbol => IsDeclaredInSource(member) && (member is IFieldSymbol || ((IPropertySymbol)member).IsAutoProperty()),
        _ => false,
    };

    private bool IsOverridable(ISymbol member) => member.IsAbstract || (member.IsVirtual || member.IsOverride) && !member.IsSealed && !_type.IsSealed;

    /// <summary>The body to follow for a method or computed property of this type; null for anything else.</summary>
    private ISymbol? BodyOf(ISymbol member) => member switch
    {
        IMethodSymbol { IsStatic: false } method when IsOwn(method) => method,
        IPropertySymbol { IsStatic: false, GetMethod: { } getter } property when IsOwn(property) => Normalize(getter),
        _ => null,
    };

    /// <summary>
    /// The body to follow for a method or computed property inherited from a base class of this compilation (recorded
    /// in <see cref="InheritedStateReads"/> by that class); null for anything else, members of other assemblies included.
    /// </summary>
    private ISymbol? InheritedBodyOf(ISymbol member)
    {
        if (member.IsStatic || member.IsAbstract || IsOwn(member) || member.ContainingType is not { TypeKind: TypeKind.Class } declaring
            || !SymbolEqualityComparer.Default.Equals(declaring.ContainingAssembly, _type.ContainingAssembly))
        {
            return null;
        }

        return member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Ordinary } method => Normalize(method),
            IPropertySymbol { GetMethod: { } getter } => Normalize(getter),
            _ => null,
        };
    }

    /// <summary>
    /// A field or auto-property holds the same value in every instance when nothing but its initializer assigns it, that
    /// initializer is the same for every instance, and no other type can assign it (it is read-only or private).
    /// </summary>
    private bool IsSameForEveryInstance(ISymbol member)
    {
        var closed = member switch
        {
            IFieldSymbol field => field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private,
            IPropertySymbol property => !property.IsVirtual && !property.IsAbstract && !property.IsOverride
                && (property.SetMethod is null || property.SetMethod.DeclaredAccessibility == Accessibility.Private),
            _ => false,
        };
        return closed && !_assigned.Contains(member) && !_perInstanceInitializers.Contains(member);
    }

    /// <summary>
    /// Constants, statics, and values built only from them. A fresh collection is per-instance (it gets filled later);
    /// other fresh objects built from constants (a client, a lock, options) are treated as equivalent. A static call or
    /// property that yields an identifier or an instant (<c>Guid.NewGuid()</c>, <c>DateTime.UtcNow</c>) differs per object.
    /// </summary>
    private bool IsSameForEveryInstance(IOperation value)
    {
        value = value.WalkDownConversion();
        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        return value switch
        {
            IFieldReferenceOperation field => field.Field.IsStatic,
            // 'DateTime.UtcNow', 'Guid.NewGuid()': a new instant or identifier for each object, not a shared value.
            IPropertyReferenceOperation property => property.Property.IsStatic && !_types.IsIdentifierOrInstant(property.Type),
            IDefaultValueOperation or ITypeOfOperation => true,
            IUnaryOperation unary => IsSameForEveryInstance(unary.Operand),
            IBinaryOperation binary => IsSameForEveryInstance(binary.LeftOperand) && IsSameForEveryInstance(binary.RightOperand),
            ITupleOperation tuple => AllSame(tuple.Elements),
            IInvocationOperation invocation => invocation.TargetMethod.IsStatic && !IsCollection(invocation.Type) && !_types.IsIdentifierOrInstant(invocation.Type)
                && AllArgumentsSame(invocation.Arguments),
            IObjectCreationOperation creation => !IsCollection(creation.Type) && AllArgumentsSame(creation.Arguments)
                && (creation.Initializer is null || AllInitializersSame(creation.Initializer)),
            _ => false,
        };
    }

    /// <summary><c>new JsonSerializerOptions { WriteIndented = true, MaxDepth = 8 }</c>: options set from constants only.</summary>
    private bool AllInitializersSame(IObjectOrCollectionInitializerOperation initializer)
    {
        foreach (var member in initializer.Initializers)
        {
            switch (member)
            {
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation, Value: var value } when IsSameForEveryInstance(value):
                    continue;
                case IMemberInitializerOperation { Initializer: { } nested } when AllInitializersSame(nested):
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private bool AllSame(ImmutableArray<IOperation> values)
    {
        foreach (var value in values)
        {
            if (!IsSameForEveryInstance(value))
            {
                return false;
            }
        }

        return true;
    }

    private bool AllArgumentsSame(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (!IsSameForEveryInstance(argument.Value))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsCollection(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        // The definition's interfaces (List<T>, not List<Order>): Roslyn caches them, while a constructed type's are
        // substituted anew, and whether a type is enumerable does not depend on its type arguments.
        foreach (var implemented in type.OriginalDefinition.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOwn(ISymbol member) => SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type);

    private static bool IsDeclaredInSource(ISymbol member)
    {
        foreach (var location in member.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One symbol per member: the definition of generic members, the implementation of partial methods, the property of a backing field.</summary>
    public static ISymbol Normalize(ISymbol member)
    {
        member = member.OriginalDefinition;
        return member switch
        {
            IMethodSymbol { PartialImplementationPart: { } implementation } => implementation,
            IFieldSymbol { AssociatedSymbol: IPropertySymbol property } => property,
            _ => member,
        };
    }

    /// <summary>What one member's bodies say about the type: symbols only, no operation.</summary>
    private sealed class MemberFacts
    {
        public MemberFacts(ISymbol owner) => Owner = owner;

        public ISymbol Owner { get; }

        /// <summary>The members of <c>this</c> the body uses (only for a body a value may call).</summary>
        public List<ISymbol>? Uses;

        /// <summary>Fields and properties assigned, each with what its value reads when it is computed on first use.</summary>
        public List<(ISymbol Member, List<ISymbol>? LazyUses)>? Assigned;

        /// <summary>Fields and properties whose initializer differs between instances.</summary>
        public List<ISymbol>? PerInstanceInitialized;
    }
}
