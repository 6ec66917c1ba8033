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
/// properties are ever assigned, and which initializers give every instance the same value. Filled concurrently by
/// the type's operation blocks, queried once at the type's end.
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
    private readonly INamedTypeSymbol _enumerable;
    private readonly TypeClassifier _types;
    private readonly InheritedStateReads _inherited;
    private readonly object _gate = new();
    private readonly Dictionary<ISymbol, List<ISymbol>> _usesByBody = new(SymbolKeyComparer.Instance);
    private readonly HashSet<ISymbol> _assigned = new(SymbolKeyComparer.Instance);
    private readonly HashSet<ISymbol> _perInstanceInitializers = new(SymbolKeyComparer.Instance);

    // Fields computed on first use ('_regex ??= new Regex(_pattern)') and what their values read; a field also assigned
    // any other way is plain state.
    private readonly Dictionary<ISymbol, List<ISymbol>> _lazyUses = new(SymbolKeyComparer.Instance);
    private readonly HashSet<ISymbol> _assignedOtherwise = new(SymbolKeyComparer.Instance);
    private readonly Dictionary<ISymbol, ImmutableArray<ISymbol>> _statesOf = new(SymbolKeyComparer.Instance);

    public TypeStateFacts(INamedTypeSymbol type, INamedTypeSymbol enumerable, TypeClassifier types, InheritedStateReads inherited)
    {
        _types = types;
        _type = type;
        _enumerable = enumerable;
        _inherited = inherited;
    }

    /// <summary>Adds the members of <c>this</c> a body uses in a way that can change a value (normalized) to <paramref name="used"/>.</summary>
    public static void AddDirectUses(IOperation body, List<ISymbol> used)
    {
        foreach (var use in InstanceStateReads.Find(body))
        {
            if (!ValueSources.CannotAffectValue(use.Site))
            {
                used.Add(Normalize(use.Member));
            }
        }
    }

    /// <summary>Records the members of <c>this</c> a method, accessor or constructor body uses.</summary>
    public void RecordBody(ISymbol owner, IOperation body)
    {
        var used = new List<ISymbol>();
        AddDirectUses(body, used);

        lock (_gate)
        {
            var key = Normalize(owner);
            if (_usesByBody.TryGetValue(key, out var existing))
            {
                existing.AddRange(used);
            }
            else
            {
                _usesByBody.Add(key, used);
            }
        }
    }

    /// <summary>
    /// Records the fields and properties assigned anywhere other than by their initializer, or by one of this type's
    /// constructors with a value that is the same for every instance (<c>_culture = CultureInfo.InvariantCulture;</c>),
    /// which is an initializer written in the constructor.
    /// </summary>
    public void RecordWrites(ISymbol owner, ImmutableArray<IOperation> blocks)
    {
        var inOwnConstructor = owner is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } && IsOwn(owner);
        var assigned = new List<(ISymbol Member, List<ISymbol>? LazyUses)>();
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } reference && reference.IsWriteTarget()
                    && !(inOwnConstructor && InitializesTheSameForEveryInstance(reference)))
                {
                    assigned.Add((Normalize(reference.Member), LazyFieldValues.UsesOf(reference)));
                }
            }
        }

        if (assigned.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var (member, lazyUses) in assigned)
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
        }
    }

    /// <summary>
    /// <c>this._field = value;</c> as a statement of the type's only constructor (not under a condition, not in a lambda),
    /// with a value every instance gets alike: every instance runs it.
    /// </summary>
    private bool InitializesTheSameForEveryInstance(IMemberReferenceOperation target)
        => _type.InstanceConstructors.Length == 1
           && target.Parent is ISimpleAssignmentOperation { Parent: IExpressionStatementOperation { Parent: IBlockOperation { Parent: IConstructorBodyOperation or IMethodBodyOperation } } } assignment
           && assignment.Target == target
           && target.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
           && IsSameForEveryInstance(assignment.Value);

    /// <summary>Records whether a field or property initializer gives every instance the same value.</summary>
    public void RecordInitializer<TSymbol>(ImmutableArray<TSymbol> members, IOperation value)
        where TSymbol : ISymbol
    {
        if (IsSameForEveryInstance(value))
        {
            return;
        }

        lock (_gate)
        {
            foreach (var member in members)
            {
                _perInstanceInitializers.Add(Normalize(member));
            }
        }
    }

    /// <summary>
    /// True when the value or the key reaches a method or computed property of a base class declared in another type of
    /// the compilation: that type records what it reads at its own end, so judge at compilation end.
    /// </summary>
    public bool NeedsInheritedBodies(ImmutableArray<InstanceMemberUse> valueUses, ImmutableArray<InstanceMemberUse> keyUses)
    {
        lock (_gate)
        {
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
    public StateRead? FirstStateNotInKey(ImmutableArray<InstanceMemberUse> valueUses, ImmutableArray<InstanceMemberUse> keyUses)
    {
        lock (_gate)
        {
            var inKey = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
            foreach (var use in keyUses)
            {
                inKey.UnionWith(StatesOf(use, followInherited: true, out _));
            }

            foreach (var use in valueUses)
            {
                var member = Normalize(use.Member);
                foreach (var state in StatesOf(use, followInherited: true, out _))
                {
                    if (!inKey.Contains(state))
                    {
                        return new StateRead(state, SymbolEqualityComparer.Default.Equals(state, member) ? null : member);
                    }
                }
            }

            return null;
        }
    }

    /// <summary>
    /// The instance state a use stands for or reads. <c>base.Describe(x)</c> runs exactly the base body, though
    /// <c>Describe</c> is virtual: a call that does not dispatch virtually is followed into its body.
    /// </summary>
    private ImmutableArray<ISymbol> StatesOf(InstanceMemberUse use, bool followInherited, out bool reachesInherited)
    {
        var member = Normalize(use.Member);
        var nonVirtual = use.Site is IInvocationOperation { IsVirtual: false } or IMethodReferenceOperation { IsVirtual: false }
            && (member.IsVirtual || member.IsOverride);
        return StatesOf(member, nonVirtual, followInherited, out reachesInherited);
    }

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

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, _enumerable))
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
}
