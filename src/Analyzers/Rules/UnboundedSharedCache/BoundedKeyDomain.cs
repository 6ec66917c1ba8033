using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>
/// Key types whose set of values is fixed by the program rather than by its input: a cache keyed by them fills up
/// once and stops growing (the classic <c>static ConcurrentDictionary&lt;Type, Accessor&gt;</c> reflection cache).
/// Resolved once per compilation.
/// </summary>
internal sealed class BoundedKeyDomain
{
    private readonly ImmutableArray<INamedTypeSymbol> _reflectionTypes;
    private readonly ImmutableArray<INamedTypeSymbol> _referenceTuples;
    private readonly ImmutableArray<INamedTypeSymbol> _configured;

    public BoundedKeyDomain(Compilation compilation, ImmutableArray<INamedTypeSymbol> configured)
    {
        // Types, members, assemblies, modules and parameters: as many as the loaded code has, no more.
        _reflectionTypes = Resolve(
            compilation,
            "System.Type",
            "System.RuntimeTypeHandle",
            "System.RuntimeMethodHandle",
            "System.RuntimeFieldHandle",
            "System.Reflection.MemberInfo",
            "System.Reflection.Assembly",
            "System.Reflection.Module",
            "System.Reflection.ParameterInfo");
        _referenceTuples = Resolve(
            compilation,
            "System.Tuple`1",
            "System.Tuple`2",
            "System.Tuple`3",
            "System.Tuple`4",
            "System.Tuple`5",
            "System.Tuple`6",
            "System.Tuple`7",
            "System.Collections.Generic.KeyValuePair`2");
        _configured = configured;
    }

    /// <summary>True when every value of <paramref name="type"/> comes from a small, program-defined set.</summary>
    public bool Contains(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case { TypeKind: TypeKind.Enum }:
                return true;
            case { SpecialType: SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte }:
                return true;
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return Contains(nullable.TypeArguments[0]);
            case INamedTypeSymbol { IsTupleType: true } tuple:
                return AllBounded(tuple.TupleElements);
            case INamedTypeSymbol named when IsOneOf(named.OriginalDefinition, _referenceTuples):
                return AllBounded(named.TypeArguments);
        }

        return InheritsFromAny(type, _reflectionTypes) || InheritsFromAny(type, _configured) || ImplementsAny(type, _configured);
    }

    /// <summary>
    /// True when a key value can only take a program-defined set of values: constants (<c>typeof</c>, static readonly
    /// fields), values of a bounded type, and what is computed from those alone — <c>type.FullName</c>,
    /// <c>$"{type.Name}.{method.Name}"</c>, <c>kind.ToString()</c>. A part that comes from anywhere else (a string
    /// parameter, a property of an unbounded object) makes the key unbounded.
    /// </summary>
    public bool IsBoundedValue(IOperation key) => IsBoundedValue(key, depth: 0);

    private bool IsBoundedValue(IOperation operation, int depth)
    {
        var value = operation.WalkDownConversion();
        if (depth > 8)
        {
            return false;
        }

        if (value.ConstantValue.HasValue
            || value is ITypeOfOperation or IDefaultValueOperation or INameOfOperation
            || value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } or { IsConst: true } }
            || Contains(value.Type))
        {
            return true;
        }

        var next = depth + 1;
        return value switch
        {
            ITupleOperation tuple => tuple.Elements.All(e => IsBoundedValue(e, next)),
            IInterpolatedStringOperation interpolated => interpolated.Parts.All(p => p is not IInterpolationOperation hole || IsBoundedValue(hole.Expression, next)),
            IBinaryOperation binary => IsBoundedValue(binary.LeftOperand, next) && IsBoundedValue(binary.RightOperand, next),
            IConditionalOperation { WhenFalse: { } whenFalse } conditional => IsBoundedValue(conditional.WhenTrue, next) && IsBoundedValue(whenFalse, next),
            IConditionalAccessOperation conditionalAccess => IsBoundedValue(conditionalAccess.Operation, next) && IsBoundedValue(conditionalAccess.WhenNotNull, next),
            ICoalesceOperation coalesce => IsBoundedValue(coalesce.Value, next) && IsBoundedValue(coalesce.WhenNull, next),
            IPropertyReferenceOperation { Instance: { } instance } property => IsBoundedValue(instance, next) && property.Arguments.All(a => IsBoundedValue(a.Value, next)),
            IFieldReferenceOperation { Instance: { } instance } => IsBoundedValue(instance, next),
            IInvocationOperation { Instance: { } instance } invocation => IsBoundedValue(instance, next) && invocation.Arguments.All(a => IsBoundedValue(a.Value, next)),
            _ => false,
        };
    }

    private bool AllBounded(ImmutableArray<IFieldSymbol> elements)
    {
        foreach (var element in elements)
        {
            if (!Contains(element.Type))
            {
                return false;
            }
        }

        return !elements.IsEmpty;
    }

    private bool AllBounded(ImmutableArray<ITypeSymbol> types)
    {
        foreach (var type in types)
        {
            if (!Contains(type))
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
            if (IsOneOf(current.OriginalDefinition, candidates))
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
            if (IsOneOf(implemented.OriginalDefinition, candidates))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOneOf(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(type, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, params string[] metadataNames)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>(metadataNames.Length);
        foreach (var name in metadataNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }
}
