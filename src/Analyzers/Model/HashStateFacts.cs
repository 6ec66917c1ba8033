using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Answers "does this key type's hash code read state that can change after the key is stored?" for types declared
/// in source. Filled by the operation blocks of types that override <c>GetHashCode</c> (what each body reads of
/// <c>this</c>), queried once the compilation is complete. Records without their own <c>GetHashCode</c> hash every
/// field, so they need no body. A non-read-only field only code of this assembly can assign counts when some write
/// after construction can change a hash: the write's object is of a type whose hash (its own or a subclass's) reads
/// the field (<see cref="RecordWrite"/>).
/// </summary>
internal sealed class HashStateFacts
{
    /// <summary>How many calls deep <c>GetHashCode</c> is followed into the type's own methods and properties.</summary>
    private const int MaxDepth = 6;

    private readonly IMethodSymbol? _objectGetHashCode;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _overridesGetHashCode = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, List<(ISymbol Member, bool IsWrite)>> _readsByBody = new(SymbolKeyComparer.Instance);
    private readonly Dictionary<ITypeSymbol, ImmutableArray<ISymbol>> _mutableState = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<INamedTypeSymbol, byte> _typesWithOwnHash = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<FieldWrite>> _writes = new(SymbolKeyComparer.Instance);
    private readonly Dictionary<IMethodSymbol, HashSet<ISymbol>> _hashedFields = new(SymbolKeyComparer.Instance);
    private readonly ConstructorHelpers _constructorHelpers;

    public HashStateFacts(Compilation compilation, ConstructorHelpers constructorHelpers)
    {
        _constructorHelpers = constructorHelpers;
        foreach (var member in compilation.GetSpecialType(SpecialType.System_Object).GetMembers(WellKnownMemberNames.ObjectGetHashCode))
        {
            _objectGetHashCode = member as IMethodSymbol;
        }
    }

    /// <summary>True when <paramref name="method"/> overrides <c>object.GetHashCode()</c>.</summary>
    public bool IsGetHashCodeOverride(IMethodSymbol method)
    {
        for (var current = method.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _objectGetHashCode))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Records what a method or accessor body of a type that overrides <c>GetHashCode</c> reads of <c>this</c>.
    /// Cheap for every other type: one cached member lookup.
    /// </summary>
    public void RecordBody(ISymbol owner, ImmutableArray<IOperation> bodies)
    {
        // A property's value is what its getter reads: a setter's body (one that recomputes a cached hash, say) is not.
        if (owner.ContainingType is not { } type || owner is IMethodSymbol { MethodKind: MethodKind.PropertySet } || !OverridesGetHashCode(type))
        {
            return;
        }

        var reads = new List<(ISymbol Member, bool IsWrite)>();
        foreach (var body in bodies)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IFieldReferenceOperation { Instance: IInstanceReferenceOperation instance } field when instance.IsThis():
                        // A field the hash code assigns itself is a lazily computed hash, not state the key carries.
                        reads.Add((field.Field.OriginalDefinition, field.IsWriteTarget()));
                        break;
                    case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation instance } property when instance.IsThis():
                        reads.Add((property.Property.OriginalDefinition, property.IsWriteTarget()));
                        break;
                    case IInvocationOperation { Instance: IInstanceReferenceOperation instance } call when instance.IsThis():
                        reads.Add((call.TargetMethod.OriginalDefinition, false));
                        break;
                }
            }
        }

        if (owner is IMethodSymbol { Name: WellKnownMemberNames.ObjectGetHashCode, Parameters.Length: 0 } method && IsGetHashCodeOverride(method))
        {
            _typesWithOwnHash.TryAdd(type.OriginalDefinition, 0);
        }

        var key = owner is IMethodSymbol { AssociatedSymbol: IPropertySymbol accessorOf } ? accessorOf.OriginalDefinition : owner.OriginalDefinition;
        _readsByBody.AddOrUpdate(key, reads, (_, existing) =>
        {
            lock (existing)
            {
                existing.AddRange(reads);
            }

            return existing;
        });
    }

    /// <summary>
    /// Records an assignment of a non-read-only instance field that only this assembly can assign (the others count by
    /// their declaration), with the type of the object it changes. Construction is not recorded: a constructor's
    /// <c>this</c>, an object initializer or <c>with</c>; a possible constructor helper is kept to be decided at the end.
    /// </summary>
    public void RecordWrite(IMemberReferenceOperation reference, ISymbol containingSymbol)
    {
        // Fields, and auto-properties whose setter only this assembly can call ('{ get; internal set; }'). Runs on every
        // field and property reference: most are reads, so that test comes first.
        var member = reference.Member;
        if (!reference.IsWriteTarget() || member.IsStatic
            || member switch
            {
                IFieldSymbol field => field.IsReadOnly || field.IsConst || IsDeclaredOpen(field),
                IPropertySymbol property => property.SetMethod is not { IsInitOnly: false } setter || IsDeclaredOpen(setter),
                _ => true,
            }
            || member.ContainingType is not { TypeKind: TypeKind.Class })
        {
            return;
        }

        INamedTypeSymbol? changed;
        IMethodSymbol? helper = null;
        switch (reference.Instance)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                return;
            case IInstanceReferenceOperation instance when instance.IsThis():
                var direct = reference.GetEnclosingFunction() is null;
                if (direct && containingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
                {
                    return;
                }

                helper = direct && containingSymbol is IMethodSymbol method && _constructorHelpers.IsCandidate(method) ? method : null;
                changed = containingSymbol.ContainingType;
                break;
            default:
                changed = reference.Instance?.Type as INamedTypeSymbol; // a type parameter: any type
                break;
        }

        _writes.GetOrAdd(member.OriginalDefinition, _ => new ConcurrentQueue<FieldWrite>())
            .Enqueue(new FieldWrite(changed?.OriginalDefinition, helper));
    }

    /// <summary>
    /// The members of <paramref name="type"/> its hash code reads whose value can change after construction, directly
    /// or through a member of a source type with the same problem, in source order; empty when the hash is stable.
    /// Call only after every body has been recorded (compilation end).
    /// </summary>
    public ImmutableArray<ISymbol> FindMutableHashedMembers(ITypeSymbol type)
    {
        lock (_mutableState)
        {
            return FindMutableHashedMembers(type, depth: 0);
        }
    }

    private ImmutableArray<ISymbol> FindMutableHashedMembers(ITypeSymbol type, int depth)
    {
        if (type is not INamedTypeSymbol named || !IsInSource(named) || depth > MaxDepth)
        {
            return ImmutableArray<ISymbol>.Empty;
        }

        if (_mutableState.TryGetValue(named, out var known))
        {
            return known;
        }

        _mutableState[named] = ImmutableArray<ISymbol>.Empty; // cycles: assume stable while we look
        var found = new List<ISymbol>();
        Collect(named, depth, found);
        var result = Sorted(found);
        _mutableState[named] = result;
        return result;
    }

    private void Collect(INamedTypeSymbol type, int depth, List<ISymbol> results)
    {
        var getHashCode = FindGetHashCode(type);
        var isValueType = type.IsValueType;
        if (getHashCode is null || getHashCode.IsImplicitlyDeclared)
        {
            if (!type.IsRecord)
            {
                return;
            }

            // A record hashes every instance field, its properties' backing fields included.
            foreach (var member in type.GetMembers())
            {
                var hashed = member switch
                {
                    IFieldSymbol { IsStatic: false, IsConst: false, AssociatedSymbol: null } field => field,
                    IPropertySymbol { IsStatic: false, IsIndexer: false } property when HasBackingField(type, property) => (ISymbol)property,
                    _ => null,
                };
                if (hashed is not null && Check(hashed, isRecord: true, isValueType, depth) is { } found)
                {
                    results.Add(found);
                }
            }

            return;
        }

        var lazyHashes = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        var hashedFields = new List<ISymbol>();
        foreach (var (read, isWrite) in ReadClosure(type, getHashCode))
        {
            if (isWrite)
            {
                lazyHashes.Add(read);
            }
            else if (read is IFieldSymbol)
            {
                hashedFields.Add(read);
            }
            else if (read is IPropertySymbol property && HasBackingField(type, property))
            {
                if (Check(read, isRecord: false, isValueType, depth) is { } found)
                {
                    results.Add(found);
                }
            }
            else if (read is IPropertySymbol computed && Check(computed, isRecord: false, isValueType, depth, ownStateOnly: true) is { } settable)
            {
                results.Add(settable);
            }
        }

        foreach (var field in hashedFields)
        {
            if (!lazyHashes.Contains(field) && Check(field, isRecord: false, isValueType, depth) is { } found)
            {
                results.Add(found);
            }
        }
    }

    /// <summary>
    /// Everything <paramref name="getHashCode"/> reads of <c>this</c>, and what the type's helper methods and computed
    /// properties it calls read, <see cref="MaxDepth"/> calls deep. A write is a lazily computed hash.
    /// </summary>
    private IEnumerable<(ISymbol Member, bool IsWrite)> ReadClosure(INamedTypeSymbol type, IMethodSymbol getHashCode)
    {
        var visited = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        var pending = new Stack<(ISymbol Member, int Depth)>();
        pending.Push((getHashCode.OriginalDefinition, 0));
        while (pending.Count > 0)
        {
            var (member, level) = pending.Pop();
            if (!visited.Add(member) || level > MaxDepth || !_readsByBody.TryGetValue(member, out var reads))
            {
                continue;
            }

            List<(ISymbol Member, bool IsWrite)> snapshot;
            lock (reads)
            {
                snapshot = new List<(ISymbol Member, bool IsWrite)>(reads);
            }

            foreach (var read in snapshot)
            {
                if (!read.IsWrite && (read.Member is IMethodSymbol || read.Member is IPropertySymbol property && !HasBackingField(type, property)))
                {
                    pending.Push((read.Member, level + 1)); // a helper method or computed property: what it reads is what the hash reads
                }

                yield return read;
            }
        }
    }

    /// <summary>
    /// Some write after construction can change a hash: it assigns the field of an object whose type's hash, or a
    /// subclass's, reads the field (or of an unknown type), outside a constructor helper.
    /// </summary>
    private bool IsRewrittenForHash(ISymbol field)
    {
        if (!_writes.TryGetValue(field.OriginalDefinition, out var writes))
        {
            return false;
        }

        foreach (var write in writes)
        {
            if (write.Helper is not null && _constructorHelpers.RunsOnlyInConstructors(write.Helper))
            {
                continue;
            }

            if (write.Changed is null || AnyHashReads(write.Changed, field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Declared for anyone to assign (a <c>public</c> or <c>protected</c> field or setter, whatever its type's
    /// visibility): mutable by declaration. An <c>internal</c> one (<c>{ get; internal set; }</c>) is judged by the
    /// assignments the compilation makes.
    /// </summary>
    private static bool IsDeclaredOpen(ISymbol member)
        => member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

    /// <summary>
    /// The hash of an instance of <paramref name="type"/> or of any subclass in the compilation reads the field: the
    /// override <paramref name="type"/> runs (its own or inherited) and every subclass's own. A record hashes every field.
    /// </summary>
    private bool AnyHashReads(INamedTypeSymbol type, ISymbol field)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsRecord)
            {
                return true;
            }

            if (FindGetHashCode(current) is { } inherited)
            {
                if (HashedFields(current, inherited).Contains(field.OriginalDefinition))
                {
                    return true;
                }

                break;
            }
        }

        foreach (var subclass in _typesWithOwnHash.Keys)
        {
            if (!SymbolEqualityComparer.Default.Equals(subclass, type.OriginalDefinition) && subclass.IsOrDerivesFrom(type)
                && FindGetHashCode(subclass) is { } own && HashedFields(subclass, own).Contains(field.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fields and auto-properties a <c>GetHashCode</c> override reads (not those it assigns: a lazily computed hash), once per override.</summary>
    private HashSet<ISymbol> HashedFields(INamedTypeSymbol type, IMethodSymbol getHashCode)
    {
        var key = (IMethodSymbol)getHashCode.OriginalDefinition;
        if (_hashedFields.TryGetValue(key, out var known))
        {
            return known;
        }

        var fields = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        var lazy = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        foreach (var (read, isWrite) in ReadClosure(type, getHashCode))
        {
            // Fields, and auto-properties (their setter writes a backing field the hash reads).
            if (read is IFieldSymbol || read is IPropertySymbol property && HasBackingField(type, property))
            {
                (isWrite ? lazy : fields).Add(read);
            }
        }

        fields.ExceptWith(lazy);
        _hashedFields[key] = fields;
        return fields;
    }

    /// <summary>
    /// A hashed field or property is mutable when it can be reassigned from outside construction (a non-readonly field
    /// other assemblies can assign, or one a write of this assembly can change a hash through; a <c>set</c> accessor:
    /// any for records, public/internal/protected for other types) or when its own type is a
    /// source type whose hash is mutable. A struct is copied into the dictionary, so only the second reason applies.
    /// </summary>
    private ISymbol? Check(ISymbol member, bool isRecord, bool isValueType, int depth, bool ownStateOnly = false)
    {
        if (!isValueType)
        {
            switch (member)
            {
                case IFieldSymbol { IsReadOnly: false, IsConst: false, IsStatic: false } field
                    when IsDeclaredOpen(field) || IsRewrittenForHash(field):
                    return member;
                case IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } setter }
                    when isRecord || IsDeclaredOpen(setter)
                        || setter.DeclaredAccessibility == Accessibility.Internal && IsRewrittenForHash(member):
                    return member;
            }
        }

        if (ownStateOnly)
        {
            return null;
        }

        var memberType = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        // Structs are safe unless a hashed member references a mutable object.
        if (memberType is null || isValueType && memberType.IsValueType)
        {
            return null;
        }

        return FindMutableHashedMembers(memberType, depth + 1).IsEmpty ? null : member;
    }

    /// <summary>Distinct, in declaration order, so the message and the fix are stable.</summary>
    private static ImmutableArray<ISymbol> Sorted(List<ISymbol> members)
    {
        var distinct = new List<ISymbol>();
        foreach (var member in members)
        {
            if (!distinct.Contains(member, SymbolEqualityComparer.Default))
            {
                distinct.Add(member);
            }
        }

        distinct.Sort((a, b) => a.Locations.Length == 0 || b.Locations.Length == 0 ? 0 : a.Locations[0].SourceSpan.Start.CompareTo(b.Locations[0].SourceSpan.Start));
        return distinct.ToImmutableArray();
    }

    private bool OverridesGetHashCode(INamedTypeSymbol type)
        => _overridesGetHashCode.GetOrAdd(type, t => FindGetHashCode(t) is { IsImplicitlyDeclared: false });

    private IMethodSymbol? FindGetHashCode(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers(WellKnownMemberNames.ObjectGetHashCode))
        {
            if (member is IMethodSymbol { Parameters.Length: 0, IsOverride: true } method && IsGetHashCodeOverride(method))
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>An auto-property: the compiler gave it a field, so it is state rather than a computation.</summary>
    private static bool HasBackingField(INamedTypeSymbol type, IPropertySymbol property)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInSource(INamedTypeSymbol type)
    {
        foreach (var location in type.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One assignment of a field after construction: the type of the object it changes (null: unknown), and the method that may be a constructor helper.</summary>
    private readonly struct FieldWrite
    {
        public FieldWrite(INamedTypeSymbol? changed, IMethodSymbol? helper)
        {
            Changed = changed;
            Helper = helper;
        }

        public INamedTypeSymbol? Changed { get; }

        public IMethodSymbol? Helper { get; }
    }
}
