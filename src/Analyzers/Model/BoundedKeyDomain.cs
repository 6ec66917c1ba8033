using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Key domains fixed by the program rather than by its input: a cache keyed by them fills up once and stops growing
/// (the classic <c>static ConcurrentDictionary&lt;Type, Accessor&gt;</c> reflection cache). Bounded are: enums and
/// other tiny types; reflection objects (types, members, assemblies, modules, parameters, anything that is an
/// <c>ICustomAttributeProvider</c>) and wrappers made only of bounded parts; cultures and assembly names; a generic
/// key constrained to <c>Enum</c>; tuples of bounded parts; and values computed from those alone. A parameter is
/// bounded when every caller in the compilation passes a bounded value (<see cref="CallSites"/>). Resolved once per compilation.
/// </summary>
internal sealed class BoundedKeyDomain
{
    private const int MaxDepth = 8;

    private readonly ImmutableArray<INamedTypeSymbol> _reflectionTypes;
    private readonly ImmutableArray<INamedTypeSymbol> _reflectionInterfaces;
    private readonly ImmutableArray<INamedTypeSymbol> _referenceTuples;
    private readonly ImmutableArray<INamedTypeSymbol> _configured;
    private readonly ImmutableArray<INamedTypeSymbol> _optionsAccessors;
    private readonly ImmutableArray<INamedTypeSymbol> _configuration;
    private readonly INamedTypeSymbol? _enum;
    private readonly INamedTypeSymbol _enumerable;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _composites = new(SymbolKeyComparer.Instance);

    // Every argument of every call to the compilation's own methods is judged (CallSites): the per-type answers, which
    // walk base types and interfaces, are worth keeping.
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _boundedTypes = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _configurationTypes = new(SymbolKeyComparer.Instance);
    private readonly Func<ITypeSymbol, bool> _isBoundedType;
    private readonly Func<ITypeSymbol, bool> _isConfigurationType;

    public BoundedKeyDomain(Compilation compilation, ImmutableArray<INamedTypeSymbol> configured)
    {
        // Types, members, assemblies, modules and parameters: as many as the loaded code has, no more. Cultures and
        // assembly names are as many as the installed cultures and loaded assemblies; attribute instances are read from
        // the loaded code's metadata.
        _reflectionTypes = TypeSet.Resolve(
            compilation,
            WellKnownTypeNames.Type,
            "System.RuntimeTypeHandle",
            "System.RuntimeMethodHandle",
            "System.RuntimeFieldHandle",
            "System.Reflection.MemberInfo",
            WellKnownTypeNames.Assembly,
            "System.Reflection.AssemblyName",
            "System.Reflection.Module",
            "System.Reflection.ParameterInfo",
            "System.Reflection.NullabilityInfo",
            "System.Globalization.CultureInfo",
            "System.Attribute");
        _reflectionInterfaces = TypeSet.Resolve(compilation, "System.Reflection.ICustomAttributeProvider", "System.Reflection.IReflect");
        _referenceTuples = TypeSet.Resolve(
            compilation,
            "System.Tuple`1",
            "System.Tuple`2",
            "System.Tuple`3",
            "System.Tuple`4",
            "System.Tuple`5",
            "System.Tuple`6",
            "System.Tuple`7",
            "System.Collections.Generic.KeyValuePair`2");
        _optionsAccessors = TypeSet.Resolve(
            compilation,
            "Microsoft.Extensions.Options.IOptions`1",
            "Microsoft.Extensions.Options.IOptionsMonitor`1",
            "Microsoft.Extensions.Options.IOptionsSnapshot`1");
        _configuration = TypeSet.Resolve(compilation, "Microsoft.Extensions.Configuration.IConfiguration");
        _enum = compilation.GetWellKnownType(WellKnownTypeNames.Enum);
        _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        _configured = configured;
        _isBoundedType = type => Contains(type, depth: 0);
        _isConfigurationType = type => ImplementsAny(type, _configuration) || TypeSet.IsOneOf(type.OriginalDefinition, _configuration);
    }

    /// <summary>True when every value of <paramref name="type"/> comes from a small, program-defined set.</summary>
    public bool Contains(ITypeSymbol? type) => type is not null && _boundedTypes.GetOrAdd(type, _isBoundedType);

    /// <summary>
    /// Whether a key value can only take a program-defined set of values: constants (<c>typeof</c>, <c>nameof</c>,
    /// static readonly fields), values of a bounded type, locals and <c>foreach</c> variables assigned only from such,
    /// and what is computed from those alone — <c>type.FullName</c>, <c>$"{type.Name}.{method.Name}"</c>,
    /// <c>culture.Name</c>. A method parameter is bounded on condition that all its callers pass bounded values: it is
    /// added to <see cref="KeyBound.Parameters"/>. A value read from configuration (<c>IOptions&lt;T&gt;.Value</c>, an
    /// <c>IConfiguration</c>) is bounded by the deployment, not by the program: <see cref="KeyBound.FromConfiguration"/>.
    /// </summary>
    public KeyBound Analyze(IOperation key, bool traceLocals = true)
    {
        var state = new AnalysisState(traceLocals);
        var bounded = IsBounded(key, state, depth: 0);
        return bounded
            ? new KeyBound(
                true,
                state.Parameters?.ToImmutableArray() ?? ImmutableArray<IParameterSymbol>.Empty,
                state.FromConfiguration,
                state.Settings?.ToImmutableArray() ?? ImmutableArray<ISymbol>.Empty)
            : KeyBound.Unbounded;
    }

    /// <summary>Bounded with no condition: a constant, a bounded type, or computed from those.</summary>
    public bool IsBoundedValue(IOperation key) => Analyze(key) is { IsBounded: true, Parameters.IsEmpty: true, FromConfiguration: false };

    private bool Contains(ITypeSymbol? type, int depth)
    {
        switch (type)
        {
            case null:
                return false;
            case { TypeKind: TypeKind.Enum }:
                return true;
            case { SpecialType: SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte }:
                return true;
            case ITypeParameterSymbol parameter:
                // 'where TEnum : struct, Enum', 'where TMember : MemberInfo': as many values as the constraint allows.
                return parameter.ConstraintTypes.Any(c => SymbolEqualityComparer.Default.Equals(c, _enum) || Contains(c, depth + 1));
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return Contains(nullable.TypeArguments[0], depth + 1);
            case IArrayTypeSymbol array:
                // A list of types or members (generic arguments, a signature): as many as the code that forms them.
                return IsReflection(array.ElementType);
            case INamedTypeSymbol { IsTupleType: true } tuple:
                return AllBounded(tuple.TupleElements, depth + 1);
            case INamedTypeSymbol named when TypeSet.IsOneOf(named.OriginalDefinition, _referenceTuples):
                return AllBounded(named.TypeArguments, depth + 1);
        }

        return IsReflection(type)
            || InheritsFromAny(type, _configured) || ImplementsAny(type, _configured)
            || depth < 2 && IsBoundedComposite(type, depth);
    }

    /// <summary>
    /// A reflection object or an array of them (<c>PropertyInfo</c>, <c>Type</c>, <c>MethodInfo[]</c>, <c>CultureInfo</c>):
    /// a cache of such values maps names to parts of the loaded program.
    /// </summary>
    public bool IsReflectionObject(ITypeSymbol? type)
        => type switch
        {
            null => false,
            IArrayTypeSymbol array => IsReflection(array.ElementType),
            _ => IsReflection(type),
        };

    /// <summary>
    /// A key made of names and bounded parts only: a <c>string</c>, a bounded type, or a tuple of those
    /// (<c>(Type, string)</c>). Unlike <c>(string, object)</c>, its only open part is a name.
    /// </summary>
    public bool IsNamesAndBoundedParts(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            foreach (var element in tuple.TupleElements)
            {
                if (element.Type.SpecialType != SpecialType.System_String && !Contains(element.Type))
                {
                    return false;
                }
            }

            return true;
        }

        return type is not null && (type.SpecialType == SpecialType.System_String || Contains(type));
    }

    private bool IsReflection(ITypeSymbol type)
        => InheritsFromAny(type, _reflectionTypes) || ImplementsAny(type, _reflectionInterfaces) || TypeSet.IsOneOf(type.OriginalDefinition, _reflectionInterfaces);

    /// <summary>
    /// A wrapper made only of bounded parts (a contextual property info holding a <c>PropertyInfo</c> and a
    /// <c>Type</c>): as many values as its parts have. At least one part must be reflection, so that a record of flags
    /// and enums alone is not mistaken for one.
    /// </summary>
    private bool IsBoundedComposite(ITypeSymbol type, int depth)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.SpecialType != SpecialType.None
            || named.IsTupleType)
        {
            return false;
        }

        return _composites.GetOrAdd(named, _ =>
        {
            var parts = 0;
            var reflection = false;
            foreach (var member in named.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    continue;
                }

                if (++parts > 6 || !Contains(field.Type, depth + 1))
                {
                    return false;
                }

                reflection |= IsReflection(field.Type is IArrayTypeSymbol array ? array.ElementType : field.Type);
            }

            return parts > 0 && reflection;
        });
    }

    private bool IsBounded(IOperation operation, AnalysisState state, int depth)
    {
        var value = operation.WalkDownKey();
        if (depth > MaxDepth)
        {
            return false;
        }

        // Code that does not compile (a missing reference, half-typed code) is not judged: its key might be anything,
        // and a warning on it would be a guess.
        if (value is IInvalidOperation || value.Type is { TypeKind: TypeKind.Error })
        {
            return true;
        }

        if (value.ConstantValue.HasValue
            || value is ITypeOfOperation or IDefaultValueOperation or INameOfOperation or IThrowOperation
            || value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } or { IsConst: true } }
            || Contains(value.Type))
        {
            return true;
        }

        if (IsConfigurationValue(value, depth) || IsSettingRead(value, state))
        {
            state.FromConfiguration = true;
            return true;
        }

        var next = depth + 1;
        switch (value)
        {
            case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None, IsParams: false, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } } parameter }:
                (state.Parameters ??= new List<IParameterSymbol>()).Add(parameter);
                return true;
            case ILocalReferenceOperation local:
                return state.TraceLocals && IsBoundedLocal(local, state, next);
            case ITupleOperation tuple:
                return tuple.Elements.All(e => IsBounded(e, state, next));
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.All(p => p is not IInterpolationOperation hole || IsBounded(hole.Expression, state, next));
            case IBinaryOperation binary:
                return IsBounded(binary.LeftOperand, state, next) && IsBounded(binary.RightOperand, state, next);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return IsBounded(conditional.WhenTrue, state, next) && IsBounded(whenFalse, state, next);
            case IConditionalAccessOperation conditionalAccess:
                // 'member?.Member.Name' is as bounded as what is read from the receiver, not as the receiver itself.
                (state.Receivers ??= new Stack<IOperation>()).Push(conditionalAccess.Operation);
                try
                {
                    return IsBounded(conditionalAccess.WhenNotNull, state, next);
                }
                finally
                {
                    state.Receivers.Pop();
                }

            case IConditionalAccessInstanceOperation:
                return IsBoundedReceiver(state, next);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.All(e => IsBounded(e, state, next));
            case IObjectCreationOperation creation when IsCollection(creation.Type):
                // A fresh collection is as bounded as its elements; IsBoundedLocal checks what is added later.
                return creation.Arguments.All(a => IsBounded(a.Value, state, next))
                    && (creation.Initializer is null || creation.Initializer.Initializers.All(i => i is IInvocationOperation add && add.Arguments.All(a => IsBounded(a.Value, state, next))));
            case IObjectCreationOperation { Initializer: null, Arguments.Length: > 0 } creation when creation.Type is { IsValueType: true } or { IsRecord: true }:
                // 'new OperatorKey(name, left, right)': a key record or struct built from bounded parts, like a tuple.
                return creation.Arguments.All(a => IsBounded(a.Value, state, next));
            case IInvocationOperation { Instance: null, TargetMethod.IsExtensionMethod: false, Arguments.Length: > 0 } call
                when call.TargetMethod.Parameters.All(p => p.RefKind == RefKind.None):
                // string.Join("|", names), string.Concat(type.Name, ".", member.Name): a function of bounded values.
                return call.Arguments.All(a => IsBounded(a.Value, state, next));
            case ICoalesceOperation coalesce:
                return IsBounded(coalesce.Value, state, next) && IsBounded(coalesce.WhenNull, state, next);
            case ISwitchExpressionOperation switchExpression:
                // 'kind switch { A => "op_Addition", _ => null }': one of its arms, whatever it switches on.
                return switchExpression.Arms.All(arm => IsBounded(arm.Value, state, next));
            case IPropertyReferenceOperation { Arguments.Length: 0 } property when state.TraceLocals && ReturnsOnlyBounded(property, state, next):
                return true;
            case IPropertyReferenceOperation { Instance: { } instance } property:
                return IsBounded(instance, state, next) && property.Arguments.All(a => IsBounded(a.Value, state, next));
            case IFieldReferenceOperation { Instance: { } instance }:
                return IsBounded(instance, state, next);
            case IInvocationOperation { Instance: { } instance } invocation:
                return IsBounded(instance, state, next) && invocation.Arguments.All(a => IsBounded(a.Value, state, next));
            case IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension:
                return extension.Arguments.All(a => IsBounded(a.Value, state, next));
            default:
                return false;
        }
    }

    /// <summary>A local every assignment of which is bounded, or a <c>foreach</c> variable over a bounded collection (<c>assembly.GetManifestResourceNames()</c>).</summary>
    private bool IsBoundedLocal(ILocalReferenceOperation local, AnalysisState state, int depth)
    {
        var root = local.GetRoot();
        if (local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ForEachStatementSyntax)
        {
            foreach (var loop in root.Descendants().OfType<IForEachLoopOperation>())
            {
                if (loop.Locals.Contains(local.Local, SymbolEqualityComparer.Default))
                {
                    return IsBounded(loop.Collection, state, depth);
                }
            }

            return false;
        }

        if (LocalValues.IsUpdatedInPlace(local.Local, root))
        {
            return false; // 'i++' in a loop: as many values as iterations
        }

        return LocalValues.AllAssigned(local, assigned => IsBounded(assigned, state, depth))
            && (!IsCollection(local.Local.Type) || OnlyBoundedElementsAdded(local.Local, root, state, depth));
    }

    /// <summary>
    /// A computed property of this file whose getter returns only bounded values (<c>string? OperatorName => _kind switch
    /// { … => "op_Addition", … }</c>): the value is one of those, whatever the instance. Only a getter that cannot be
    /// overridden, declared in the same file (its semantic model is at hand).
    /// </summary>
    private bool ReturnsOnlyBounded(IPropertyReferenceOperation reference, AnalysisState state, int depth)
    {
        if (reference.Property is not { IsVirtual: false, IsAbstract: false, IsOverride: false, GetMethod: { } getter }
            || reference.SemanticModel is not { } semanticModel
            || getter.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration
            || declaration.SyntaxTree != semanticModel.SyntaxTree
            || semanticModel.GetOperation(declaration.GetSyntax()) is not { } body)
        {
            return false;
        }

        var any = false;
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is IReturnOperation { ReturnedValue: { } value } && operation.GetEnclosingFunction() is null)
            {
                if (!IsBounded(value, state, depth))
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// A collection local that only ever receives bounded values (<c>names.Insert(0, member.Name)</c>) and is not handed
    /// to code that could add others.
    /// </summary>
    private bool OnlyBoundedElementsAdded(ILocalSymbol local, IOperation root, AnalysisState state, int depth)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            switch (reference.Parent)
            {
                case IInvocationOperation call when call.Instance == reference:
                    if (!call.Arguments.All(a => a.Parameter?.RefKind == RefKind.None && IsBounded(a.Value, state, depth + 1)))
                    {
                        return false;
                    }

                    break;
                case IArgumentOperation or IAssignmentOperation { Target: not ILocalReferenceOperation }:
                    return false; // passed on or stored: others may add to it
            }
        }

        return true;
    }

    /// <summary>The receiver of the innermost enclosing conditional access, judged outside of that access.</summary>
    private bool IsBoundedReceiver(AnalysisState state, int depth)
    {
        if (state.Receivers is not { Count: > 0 } receivers)
        {
            return false;
        }

        var receiver = receivers.Pop();
        try
        {
            return IsBounded(receiver, state, depth);
        }
        finally
        {
            receivers.Push(receiver);
        }
    }

    /// <summary>
    /// A setting of this object: <c>this.RootElement</c>, <c>_options.Prefix</c> — a chain of instance fields and
    /// auto-properties declared in source, rooted at <c>this</c>, each set when the object is built (read-only, or
    /// assigned only by its type's constructors: checked at compilation end through <see cref="KeyBound.Settings"/>).
    /// Its values are as many as the program's configurations of the object, not as many as its inputs.
    /// </summary>
    private static bool IsSettingRead(IOperation value, AnalysisState state)
    {
        List<ISymbol>? conditions = null;
        var current = value;
        var any = false;
        while (current is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol, Instance: { } instance } reference)
        {
            if (!IsSettingMember(reference.Member, out var settable))
            {
                return false;
            }

            if (settable)
            {
                (conditions ??= new List<ISymbol>()).Add(reference.Member.OriginalDefinition);
            }

            any = true;
            current = instance.WalkDownConversion();
        }

        if (!any || !LocalValues.RefersToThis(current))
        {
            return false;
        }

        if (conditions is not null)
        {
            (state.Settings ??= new List<ISymbol>()).AddRange(conditions);
        }

        return true;
    }

    /// <summary>An instance field or auto-property declared in source; <paramref name="settable"/> when code outside a constructor could assign it.</summary>
    private static bool IsSettingMember(ISymbol member, out bool settable)
    {
        settable = false;
        if (member.IsStatic || !member.Locations.Any(l => l.IsInSource))
        {
            return false;
        }

        switch (member)
        {
            case IFieldSymbol { IsConst: false, AssociatedSymbol: null } field:
                settable = !field.IsReadOnly;
                return true;
            case IPropertySymbol { IsIndexer: false, IsVirtual: false, IsAbstract: false, IsOverride: false } property
                when property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property)):
                settable = property.SetMethod is not null;
                return true;
            default:
                return false;
        }
    }

    private bool IsCollection(ITypeSymbol? type)
        => type is { SpecialType: not SpecialType.System_String } && type.AllInterfaces.Contains(_enumerable, SymbolEqualityComparer.Default);

    /// <summary>A setting: read through <c>IOptions&lt;T&gt;.Value</c> (and its monitor/snapshot forms) or from an <c>IConfiguration</c>.</summary>
    private bool IsConfigurationValue(IOperation value, int depth)
    {
        for (var current = value; current is not null && depth <= MaxDepth; depth++)
        {
            if (current.Type is { } type && _configurationTypes.GetOrAdd(type, _isConfigurationType))
            {
                return true;
            }

            switch (current)
            {
                case IPropertyReferenceOperation { Instance: { } instance } when instance.Type is { } owner && TypeSet.IsOneOf(owner.OriginalDefinition, _optionsAccessors):
                    return true;
                case IInvocationOperation { Instance: { } instance } when instance.Type is { } owner && TypeSet.IsOneOf(owner.OriginalDefinition, _optionsAccessors):
                    return true;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    current = instance.WalkDownConversion();
                    continue;
                case IInvocationOperation { Instance: { } instance }:
                    current = instance.WalkDownConversion();
                    continue;
                case IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension:
                    current = extension.Arguments[0].Value.WalkDownConversion();
                    continue;
                case IFieldReferenceOperation { Instance: { } instance } when instance is not IInstanceReferenceOperation:
                    current = instance.WalkDownConversion();
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private sealed class AnalysisState
    {
        public AnalysisState(bool traceLocals) => TraceLocals = traceLocals;

        public bool TraceLocals { get; }

        public List<IParameterSymbol>? Parameters { get; set; }

        public bool FromConfiguration { get; set; }

        /// <summary>Settable settings the key reads: bounded only if nothing assigns them after construction.</summary>
        public List<ISymbol>? Settings { get; set; }

        /// <summary>The receivers of the conditional accesses being judged, innermost on top.</summary>
        public Stack<IOperation>? Receivers { get; set; }
    }

    private bool AllBounded(ImmutableArray<IFieldSymbol> elements, int depth)
    {
        foreach (var element in elements)
        {
            if (!Contains(element.Type, depth))
            {
                return false;
            }
        }

        return !elements.IsEmpty;
    }

    private bool AllBounded(ImmutableArray<ITypeSymbol> types, int depth)
    {
        foreach (var type in types)
        {
            if (!Contains(type, depth))
            {
                return false;
            }
        }

        return !types.IsEmpty;
    }

    private static bool InheritsFromAny(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> candidates)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (TypeSet.IsOneOf(current.OriginalDefinition, candidates))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsAny(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> candidates)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (TypeSet.IsOneOf(implemented.OriginalDefinition, candidates))
            {
                return true;
            }
        }

        return false;
    }

}

/// <summary>
/// Whether a key is bounded, and on what conditions: the parameters whose callers must all pass bounded values, and
/// whether configuration is what bounds it.
/// </summary>
internal readonly struct KeyBound
{
    public static readonly KeyBound Unbounded = new(false, ImmutableArray<IParameterSymbol>.Empty, fromConfiguration: false, ImmutableArray<ISymbol>.Empty);

    public KeyBound(bool isBounded, ImmutableArray<IParameterSymbol> parameters, bool fromConfiguration, ImmutableArray<ISymbol> settings)
    {
        IsBounded = isBounded;
        Parameters = parameters;
        FromConfiguration = fromConfiguration;
        Settings = settings;
    }

    public bool IsBounded { get; }

    public ImmutableArray<IParameterSymbol> Parameters { get; }

    public bool FromConfiguration { get; }

    /// <summary>Settable fields and properties of the object the key reads: bounded only if nothing assigns them after construction (<see cref="CallSites.IsSetAfterConstruction"/>).</summary>
    public ImmutableArray<ISymbol> Settings { get; }
}
