using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// What a type lets its holder do to a value: change it (a mutable collection, a class with public setters), not
/// change it (immutable, frozen, read-only), only read it (a read-only view interface), and whether equality is
/// identity. Built once per compilation from framework types resolved by metadata name; answers are cached per type.
/// Shared by every rule that reasons about cached values and keys (SC0002, SC0003, SC0004).
/// </summary>
/// <remarks>
/// Every answer is conservative in its own direction: an unknown type (a type parameter, an unresolved type,
/// <c>object</c>) is neither mutable nor immutable nor identity-compared.
/// </remarks>
internal sealed class TypeClassifier
{
    /// <summary>How far into field types the immutability check follows (a record holding a record holding …).</summary>
    private const int MaxDepth = 4;

    private readonly ImmutableArray<INamedTypeSymbol> _mutableCollections;
    private readonly ImmutableArray<INamedTypeSymbol> _mutableCollectionInterfaces;
    private readonly ImmutableArray<INamedTypeSymbol> _immutableTypes;
    private readonly ImmutableArray<INamedTypeSymbol> _immutableContainers;
    private readonly ImmutableArray<INamedTypeSymbol> _readOnlyViews;
    private readonly INamedTypeSymbol? _iequatable;
    private readonly INamedTypeSymbol _enumerable;
    private readonly INamedTypeSymbol? _immutableArray;
    private readonly ImmutableHashSet<ISymbol> _readingMembers;
    private readonly INamedTypeSymbol? _guid;
    private readonly INamedTypeSymbol? _dateTimeOffset;
    private readonly ConcurrentDictionary<ITypeSymbol, TypeTraits> _traits = new(SymbolKeyComparer.Instance);
    private readonly Func<ITypeSymbol, TypeTraits> _compute;

    // Interface-member lookups are costly and asked for every instance call on a value SC0002 follows: once per method definition.
    private readonly ConcurrentDictionary<ISymbol, bool> _readOnlyViewMembers = new(SymbolKeyComparer.Instance);
    private readonly Func<ISymbol, bool> _computeReadOnlyViewMember;

    public TypeClassifier(Compilation compilation)
    {
        // One delegate each, not one per lookup: these run for many operations.
        _compute = Compute;
        _computeReadOnlyViewMember = method => ComputeImplementsReadOnlyViewMember((IMethodSymbol)method);
        _guid = compilation.GetWellKnownType(WellKnownTypeNames.Guid);
        _dateTimeOffset = compilation.GetWellKnownType(WellKnownTypeNames.DateTimeOffset);

        // Collections whose own API adds, removes or replaces elements.
        _mutableCollections = TypeSet.Resolve(
            compilation,
            "System.Collections.Generic.List`1",
            "System.Collections.Generic.Dictionary`2",
            "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.SortedSet`1",
            "System.Collections.Generic.SortedDictionary`2",
            "System.Collections.Generic.SortedList`2",
            "System.Collections.Generic.Queue`1",
            "System.Collections.Generic.Stack`1",
            "System.Collections.Generic.LinkedList`1",
            "System.Collections.Generic.PriorityQueue`2",
            "System.Collections.ObjectModel.Collection`1",
            "System.Collections.ObjectModel.ObservableCollection`1",
            "System.Collections.ObjectModel.KeyedCollection`2",
            "System.Collections.Concurrent.ConcurrentDictionary`2",
            "System.Collections.Concurrent.ConcurrentBag`1",
            "System.Collections.Concurrent.ConcurrentQueue`1",
            "System.Collections.Concurrent.ConcurrentStack`1",
            "System.Collections.Concurrent.BlockingCollection`1",
            "System.Collections.ArrayList",
            "System.Collections.Hashtable",
            "System.Collections.SortedList",
            "System.Collections.Queue",
            "System.Collections.Stack",
            "System.Collections.BitArray",
            "System.Collections.Specialized.NameValueCollection",
            "System.Collections.Specialized.StringCollection",
            "System.Collections.Specialized.StringDictionary",
            "System.Collections.Specialized.OrderedDictionary",
            "System.Collections.Specialized.HybridDictionary",
            "System.Collections.Specialized.ListDictionary",
            "System.Text.StringBuilder",
            "System.Data.DataTable",
            "System.Data.DataSet",
            "System.IO.MemoryStream");

        // Interfaces whose own API changes the collection; their implementers are mutable unless known read-only.
        _mutableCollectionInterfaces = TypeSet.Resolve(
            compilation,
            "System.Collections.Generic.ICollection`1",
            "System.Collections.Generic.IList`1",
            "System.Collections.Generic.IDictionary`2",
            "System.Collections.Generic.ISet`1",
            "System.Collections.IList",
            "System.Collections.IDictionary");

        // Types whose values never change once built (beyond primitives, enums and string).
        _immutableTypes = TypeSet.Resolve(
            compilation,
            "System.Collections.Immutable.ImmutableArray`1",
            "System.Collections.Immutable.ImmutableList`1",
            "System.Collections.Immutable.ImmutableDictionary`2",
            "System.Collections.Immutable.ImmutableHashSet`1",
            "System.Collections.Immutable.ImmutableSortedSet`1",
            "System.Collections.Immutable.ImmutableSortedDictionary`2",
            "System.Collections.Immutable.ImmutableQueue`1",
            "System.Collections.Immutable.ImmutableStack`1",
            "System.Collections.Immutable.IImmutableList`1",
            "System.Collections.Immutable.IImmutableDictionary`2",
            "System.Collections.Immutable.IImmutableSet`1",
            "System.Collections.Immutable.IImmutableQueue`1",
            "System.Collections.Immutable.IImmutableStack`1",
            "System.Collections.Frozen.FrozenDictionary`2",
            "System.Collections.Frozen.FrozenSet`1",
            "System.Collections.ObjectModel.ReadOnlyCollection`1",
            "System.Collections.ObjectModel.ReadOnlyDictionary`2",
            "System.Collections.ObjectModel.ReadOnlyObservableCollection`1",
            "System.Collections.ObjectModel.ReadOnlySet`1",
            "System.ReadOnlyMemory`1",
            "System.Uri",
            "System.Version",
            WellKnownTypeNames.Type,
            WellKnownTypeNames.Guid,
            WellKnownTypeNames.TimeSpan,
            WellKnownTypeNames.DateTimeOffset,
            "System.DateOnly",
            "System.TimeOnly",
            "System.Half",
            "System.Int128",
            "System.UInt128",
            "System.Numerics.BigInteger",
            "System.Text.RegularExpressions.Regex",
            "System.Globalization.CultureInfo",
            "System.Text.Encoding");

        // Generic value holders that are immutable exactly when their type arguments are.
        _immutableContainers = TypeSet.Resolve(
            compilation,
            "System.Nullable`1",
            "System.Collections.Generic.KeyValuePair`2",
            "System.Tuple`1",
            "System.Tuple`2",
            "System.Tuple`3",
            "System.Tuple`4",
            "System.Tuple`5",
            "System.Tuple`6",
            "System.Tuple`7",
            "System.Lazy`1");

        // Interfaces that only read, and read-only windows over an array: a caller holding one cannot change the
        // collection without a cast (or unsafe code).
        _readOnlyViews = TypeSet.Resolve(
            compilation,
            "System.Collections.IEnumerable",
            "System.Collections.Generic.IEnumerable`1",
            "System.Collections.Generic.IReadOnlyCollection`1",
            "System.Collections.Generic.IReadOnlyList`1",
            "System.Collections.Generic.IReadOnlyDictionary`2",
            "System.Collections.Generic.IReadOnlySet`1",
            "System.Collections.Generic.IAsyncEnumerable`1",
            "System.Linq.ILookup`2",
            "System.Linq.IGrouping`2",
            "System.Linq.IOrderedEnumerable`1",
            "System.ReadOnlySpan`1",
            "System.ReadOnlyMemory`1");

        // Members of mutable collections that only read: a caller that only calls these reads the collection.
        _readingMembers = TypeSet.ResolveMembers(
            compilation,
            ("System.Collections.Generic.ICollection`1", new[] { "Contains", "CopyTo" }),
            ("System.Collections.Generic.IList`1", new[] { "IndexOf" }),
            ("System.Collections.Generic.IDictionary`2", new[] { "ContainsKey", "TryGetValue" }),
            ("System.Collections.Generic.ISet`1", new[] { "IsSubsetOf", "IsSupersetOf", "IsProperSubsetOf", "IsProperSupersetOf", "Overlaps", "SetEquals" }),
            ("System.Collections.IList", new[] { "Contains", "IndexOf" }),
            ("System.Collections.IDictionary", new[] { "Contains" }),
            ("System.Collections.Generic.List`1", new[] { "Exists", "FindIndex", "FindLastIndex", "TrueForAll", "BinarySearch", "LastIndexOf" }),
            ("System.Collections.Generic.Dictionary`2", new[] { "ContainsValue" }));

        _iequatable = compilation.GetWellKnownType(WellKnownTypeNames.IEquatable);
        _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        _immutableArray = compilation.GetWellKnownType(WellKnownTypeNames.ImmutableArray);
    }

    /// <summary>
    /// A collection whose own API changes it: arrays, <c>List&lt;T&gt;</c>, <c>Dictionary</c>, <c>StringBuilder</c>,
    /// <c>DataTable</c>…, any other type implementing <c>ICollection&lt;T&gt;</c>/<c>IList</c>/<c>IDictionary</c> that is not
    /// known read-only, and those interfaces themselves (a holder of an <c>IList&lt;T&gt;</c> can call <c>Add</c>).
    /// </summary>
    public bool IsMutableCollection(ITypeSymbol? type) => Has(type, TypeTraits.MutableCollection);

    /// <summary>
    /// A value that cannot change: primitives, enums, <c>string</c>, <c>Immutable*</c>, <c>Frozen*</c>,
    /// <c>ReadOnlyCollection&lt;T&gt;</c>/<c>ReadOnlyDictionary</c>, records and classes with only read-only fields of
    /// immutable types, value types that hold no mutable references, tuples of immutable values.
    /// </summary>
    public bool IsImmutable(ITypeSymbol? type) => Has(type, TypeTraits.Immutable);

    /// <summary>A class (records included) with a public setter or a public non-read-only instance field, its own or inherited.</summary>
    public bool IsMutableClass(ITypeSymbol? type) => Has(type, TypeTraits.MutableClass);

    /// <summary>
    /// Equality is reference identity: arrays, and classes (collections included) that override neither
    /// <c>Equals</c> nor <c>GetHashCode</c> and do not implement <c>IEquatable&lt;T&gt;</c>; collection interfaces.
    /// Records, strings, delegates and value types compare by value.
    /// </summary>
    public bool IsComparedByIdentity(ITypeSymbol? type) => Has(type, TypeTraits.ComparedByIdentity);

    /// <summary>
    /// A collection that, used as a dictionary or cache key without a comparer, is compared by reference: arrays,
    /// collections (mutable, immutable or read-only views) that are compared by identity, <c>StringBuilder</c>, and
    /// <c>ImmutableArray&lt;T&gt;</c>, a struct whose equality compares the array it wraps. Two with the same elements
    /// are different keys.
    /// </summary>
    public bool IsCollectionComparedByIdentity(ITypeSymbol? type) => Has(type, TypeTraits.CollectionComparedByIdentity);

    /// <summary>
    /// The type of a newly created key, or of the part of it that is new and compared by reference:
    /// <c>new Key(a, b)</c>, <c>new[] { a, b }</c>, <c>[a, b]</c>, <c>new List&lt;T&gt; { … }</c>, <c>(name, new[] { … })</c>.
    /// </summary>
    public ITypeSymbol? FreshIdentityPart(IOperation key)
    {
        var value = key.WalkDownConversion();
        switch (value)
        {
            case IArrayCreationOperation { Type: { } arrayType }:
                return arrayType;
            case IObjectCreationOperation { Type: { } created }
                when IsCollectionComparedByIdentity(created) || IsComparedByIdentity(created):
                return created;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    if (FreshIdentityPart(element) is { } part)
                    {
                        return part;
                    }
                }

                return null;
        }

        // A collection expression (its operation is only public from Roslyn 4.9 on): the type it converts to.
        if (value.Syntax.IsKind(SyntaxKind.CollectionExpression))
        {
            var type = key.Type is { SpecialType: not SpecialType.System_Object } converted ? converted : value.Type;
            return IsCollectionComparedByIdentity(type) ? type : null;
        }

        return null;
    }

    /// <summary>
    /// An identifier or an instant: <c>Guid</c>, <c>DateTime</c>, <c>DateTimeOffset</c> (or a nullable one). A new one is
    /// made for each request, record or moment, so keys of these types keep growing and values of them differ between
    /// objects created at different times.
    /// </summary>
    public bool IsIdentifierOrInstant(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is not null
            && (type.SpecialType == SpecialType.System_DateTime
                || SymbolEqualityComparer.Default.Equals(type, _guid)
                || SymbolEqualityComparer.Default.Equals(type, _dateTimeOffset));
    }

    /// <summary>
    /// As <see cref="FreshIdentityPart"/>, also through a local assigned only such values (<c>var key = new Leg(a, b);</c>):
    /// the type compared by reference, and where the new key is made (the key itself, or the value the local was given).
    /// </summary>
    public bool TryGetFreshIdentityKey(IOperation key, [NotNullWhen(true)] out ITypeSymbol? type, [NotNullWhen(true)] out IOperation? made)
    {
        type = FreshIdentityPart(key);
        made = key;
        if (type is not null)
        {
            return true;
        }

        if (key.WalkDownConversion() is not ILocalReferenceOperation local)
        {
            return false;
        }

        ITypeSymbol? firstType = null;
        IOperation? firstMade = null;
        var allFresh = LocalValues.AllAssigned(local, assigned =>
        {
            if (FreshIdentityPart(assigned) is not { } part)
            {
                return false;
            }

            firstType ??= part;
            firstMade ??= assigned;
            return true;
        });
        type = firstType;
        made = firstMade;
        return allFresh && type is not null && made is not null;
    }

    /// <summary>A read-only view: <c>IEnumerable</c>, <c>IEnumerable&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>, <c>IReadOnlyDictionary</c>…, <c>ReadOnlySpan&lt;T&gt;</c>, <c>ReadOnlyMemory&lt;T&gt;</c>.</summary>
    public bool IsReadOnlyView(ITypeSymbol? type) => Has(type, TypeTraits.ReadOnlyView);

    /// <summary>
    /// The instance method is, or implements, a member of a read-only view interface (<c>TryGetValue</c> and
    /// <c>ContainsKey</c> of a dictionary through <c>IReadOnlyDictionary</c>), or a member of a mutable collection that
    /// only reads (<c>ICollection&lt;T&gt;.Contains</c>, <c>IList&lt;T&gt;.IndexOf</c>, <c>List&lt;T&gt;.Exists</c>): calling it only reads.
    /// </summary>
    public bool ImplementsReadOnlyViewMember(IMethodSymbol method)
        => !method.IsStatic && method.ContainingType is not null && _readOnlyViewMembers.GetOrAdd(method.OriginalDefinition, _computeReadOnlyViewMember);

    /// <summary>
    /// Decided on the definitions (<c>List&lt;T&gt;.Contains</c>, not <c>List&lt;Order&gt;.Contains</c>): which member
    /// implements which does not depend on type arguments, and a constructed type's interface map is built anew for each.
    /// </summary>
    private bool ComputeImplementsReadOnlyViewMember(IMethodSymbol definition)
    {
        var type = definition.ContainingType;
        if (TypeSet.IsOneOf(type.OriginalDefinition, _readOnlyViews) || _readingMembers.Contains(definition))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            var view = TypeSet.IsOneOf(implemented.OriginalDefinition, _readOnlyViews);
            foreach (var candidate in implemented.GetMembers(definition.Name))
            {
                if ((view || _readingMembers.Contains(candidate.OriginalDefinition))
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, definition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <remarks>
    /// bool, char, the numbers and string (most values asked about) are immutable and nothing else: answered without
    /// hashing the type.
    /// </remarks>
    private bool Has(ITypeSymbol? type, TypeTraits trait)
        => type is not null
           && (type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String
               ? trait == TypeTraits.Immutable
               : (_traits.GetOrAdd(type, _compute) & trait) != 0);

    private TypeTraits Compute(ITypeSymbol type)
    {
        if (type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Pointer or TypeKind.FunctionPointer
            || type.SpecialType == SpecialType.System_Object)
        {
            return TypeTraits.None;
        }

        if (type is IArrayTypeSymbol)
        {
            return TypeTraits.MutableCollection | TypeTraits.ComparedByIdentity | TypeTraits.CollectionComparedByIdentity;
        }

        var traits = TypeTraits.None;
        if (IsImmutable(type, depth: 0, visiting: null))
        {
            traits |= TypeTraits.Immutable;
        }
        else if (IsMutableCollectionCore(type))
        {
            traits |= TypeTraits.MutableCollection;
        }

        if (TypeSet.IsOneOf(type.OriginalDefinition, _readOnlyViews))
        {
            traits |= TypeTraits.ReadOnlyView;
        }

        if (IsMutableClassCore(type))
        {
            traits |= TypeTraits.MutableClass;
        }

        if (IsComparedByIdentityCore(type))
        {
            traits |= TypeTraits.ComparedByIdentity;
            // A collection by what it is (a known collection type in its base chain, or a collection interface), not a
            // domain class that also implements IList<T>: a document node or a UI element is a key by identity on purpose.
            if (IsCollectionByKind(type) || (traits & TypeTraits.ReadOnlyView) != 0)
            {
                traits |= TypeTraits.CollectionComparedByIdentity;
            }
        }
        else if (_immutableArray is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _immutableArray))
        {
            traits |= TypeTraits.CollectionComparedByIdentity;
        }

        return traits;
    }

    private bool IsCollectionByKind(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            return TypeSet.IsOneOf(type.OriginalDefinition, _mutableCollectionInterfaces) || Implements(type, _enumerable) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _enumerable);
        }

        for (var current = type.OriginalDefinition; current is not null; current = current.BaseType)
        {
            if (TypeSet.IsOneOf(current.OriginalDefinition, _mutableCollections))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsMutableCollectionCore(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface && TypeSet.IsOneOf(type.OriginalDefinition, _mutableCollectionInterfaces))
        {
            return true;
        }

        // Only definitions are compared: the definition's bases and interfaces are the same, and are not built anew for
        // each constructed type (List<A>, List<B>…) as a constructed type's are.
        var definition = type.OriginalDefinition;
        for (var current = definition; current is not null; current = current.BaseType)
        {
            if (TypeSet.IsOneOf(current.OriginalDefinition, _mutableCollections))
            {
                return true;
            }
        }

        foreach (var implemented in definition.AllInterfaces)
        {
            if (TypeSet.IsOneOf(implemented.OriginalDefinition, _mutableCollectionInterfaces))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsImmutable(ITypeSymbol type, int depth, HashSet<ITypeSymbol>? visiting)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
                return true;
            case SpecialType.System_Object:
                return false;
        }

        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return true;
        }

        if (type is not INamedTypeSymbol named || type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Dynamic)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        if (TypeSet.IsOneOf(definition, _immutableTypes))
        {
            return true;
        }

        if (depth >= MaxDepth)
        {
            return false;
        }

        if (named.IsTupleType || TypeSet.IsOneOf(definition, _immutableContainers))
        {
            return AllImmutable(named.TypeArguments, depth + 1, visiting);
        }

        // Anything else is judged by its fields, which only source types show completely (metadata hides private fields).
        // A collection keeps its elements wherever it likes, so its fields prove nothing.
        if (!IsDeclaredInSource(named) || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || IsMutableCollectionCore(named))
        {
            return false;
        }

        visiting ??= new HashSet<ITypeSymbol>(SymbolKeyComparer.Instance);
        if (!visiting.Add(named))
        {
            return true; // a cycle (a node holding a node): decided by the other fields
        }

        try
        {
            return HasOnlyImmutableState(named, depth, visiting);
        }
        finally
        {
            visiting.Remove(named);
        }
    }

    /// <summary>
    /// A class or record is immutable when every instance field (its own and its source bases') is read-only and of an
    /// immutable type and no property has a public setter; a struct is copied on return, so only the references it
    /// holds matter.
    /// </summary>
    private bool HasOnlyImmutableState(INamedTypeSymbol type, int depth, HashSet<ITypeSymbol> visiting)
    {
        var isStruct = type.TypeKind == TypeKind.Struct;
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            if (!IsDeclaredInSource(current))
            {
                return false;
            }

            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsConst: false } field:
                        if (!isStruct && !field.IsReadOnly)
                        {
                            return false;
                        }

                        // A struct's own fields are copied with it; what it must not hold is a reference to something mutable.
                        if (!IsImmutable(field.Type, depth + 1, visiting))
                        {
                            return false;
                        }

                        break;
                    case IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } setter } when !isStruct && IsPublicApi(setter):
                        return false;
                }
            }
        }

        return true;
    }

    private bool AllImmutable(ImmutableArray<ITypeSymbol> types, int depth, HashSet<ITypeSymbol>? visiting)
    {
        foreach (var type in types)
        {
            if (!IsImmutable(type, depth, visiting))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMutableClassCore(ITypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        // The definitions' members: what is checked does not depend on type arguments, and a constructed type's
        // GetMembers builds a substituted copy of every member.
        for (var current = type.OriginalDefinition; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.OriginalDefinition.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsConst: false, IsReadOnly: false } field when IsPublicApi(field):
                        return true;
                    case IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } setter } when IsPublicApi(setter):
                        return true;
                }
            }
        }

        return false;
    }

    private bool IsComparedByIdentityCore(ITypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.Interface:
                // The static type says nothing about equality, except that collections never define one.
                return IsMutableCollectionCore(type) || TypeSet.IsOneOf(type.OriginalDefinition, _readOnlyViews);
            case TypeKind.Class:
                break;
            default:
                return false;
        }

        if (type.SpecialType == SpecialType.System_String || type is INamedTypeSymbol { IsRecord: true })
        {
            return false;
        }

        for (var current = type.OriginalDefinition; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            // By name, on the definition (as in IsMutableClassCore): no substituted copy of every member.
            var definition = current.OriginalDefinition;
            if (Overrides(definition, nameof(object.Equals), parameters: 1) || Overrides(definition, nameof(object.GetHashCode), parameters: 0))
            {
                return false;
            }
        }

        foreach (var implemented in type.OriginalDefinition.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _iequatable))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Overrides(ITypeSymbol type, string name, int parameters)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { IsOverride: true } method && method.Parameters.Length == parameters)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol contract)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, contract))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Any caller can use it: the "public setters or public non-read-only fields".</summary>
    private static bool IsPublicApi(ISymbol symbol) => symbol.DeclaredAccessibility == Accessibility.Public;

    private static bool IsDeclaredInSource(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    [System.Flags]
    private enum TypeTraits
    {
        None = 0,
        MutableCollection = 1,
        Immutable = 2,
        MutableClass = 4,
        ComparedByIdentity = 8,
        ReadOnlyView = 16,
        CollectionComparedByIdentity = 32,
    }
}
