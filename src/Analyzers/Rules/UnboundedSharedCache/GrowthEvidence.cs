using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>
/// What a memo write shows, beyond "nothing removes entries", that the cache really grows. Without such evidence the
/// keys may still come from a set the program fixes in ways the analyzer cannot see (names read from configuration,
/// hash codes of the program's shapes, a public API only the library itself calls): on open-source libraries most of
/// those findings were wrong, so they are reported as suggestions, and only evident growth is a warning.
/// </summary>
internal enum GrowthEvidence
{
    /// <summary>The key is runtime data of unknown extent.</summary>
    None,

    /// <summary>
    /// The key is created at the write and compared by reference (<c>new[] { a, b }</c>, a class without equality):
    /// no later lookup finds it, so every call adds an entry.
    /// </summary>
    FreshIdentityKey,

    /// <summary>The key is or contains an identifier or an instant (<c>Guid</c>, <c>DateTime</c>, <c>DateTimeOffset</c>): no program enumerates those.</summary>
    IdentifierOrInstant,
}

/// <summary>Finds <see cref="GrowthEvidence"/> in a written key. Symbols are resolved once per compilation.</summary>
internal sealed class GrowthEvidenceFinder
{
    private const int MaxDepth = 6;

    private readonly TypeClassifier _types;
    private readonly INamedTypeSymbol? _guid;
    private readonly INamedTypeSymbol? _dateTimeOffset;

    public GrowthEvidenceFinder(Compilation compilation, TypeClassifier types)
    {
        _types = types;
        _guid = compilation.GetWellKnownType(WellKnownTypeNames.Guid);
        _dateTimeOffset = compilation.GetWellKnownType(WellKnownTypeNames.DateTimeOffset);
    }

    public GrowthEvidence Find(IOperation key)
    {
        if (IsFreshIdentityKey(key))
        {
            return GrowthEvidence.FreshIdentityKey;
        }

        return HasIdentifierOrInstant(key, depth: 0) ? GrowthEvidence.IdentifierOrInstant : GrowthEvidence.None;
    }

    /// <summary><c>new[] { a, b }</c> at the write, or in a local assigned only such values (<c>var leg = new Leg(a, b);</c>).</summary>
    private bool IsFreshIdentityKey(IOperation key)
    {
        if (_types.FreshIdentityPart(key) is not null)
        {
            return true;
        }

        return key.WalkDownConversion() is ILocalReferenceOperation local
            && LocalValues.AllAssigned(local, assigned => _types.FreshIdentityPart(assigned) is not null);
    }

    /// <summary>
    /// <c>orderId</c>, <c>(tenant, day)</c>, <c>$"report:{date:yyyy-MM-dd}"</c>, <c>id.ToString("N")</c>,
    /// <c>new OrderKey(id, tenant)</c>: the key, or a part that it carries whole (a tuple or key-struct element, an
    /// interpolation hole, a concatenated or formatted value, what a local it reads was assigned), has an identifier or
    /// instant type. A number read from one (<c>day.Month</c>, <c>now.Hour</c>) is not carried whole and is no evidence.
    /// </summary>
    private bool HasIdentifierOrInstant(IOperation key, int depth)
    {
        var value = key.WalkDownConversion();
        if (IsIdentifierOrInstant(value.Type))
        {
            return true;
        }

        if (depth >= MaxDepth)
        {
            return false;
        }

        var next = depth + 1;
        switch (value)
        {
            case ITupleOperation tuple:
                return AnyCarries(tuple.Elements, next);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && HasIdentifierOrInstant(hole.Expression, next))
                    {
                        return true;
                    }
                }

                return false;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return HasIdentifierOrInstant(concatenation.LeftOperand, next) || HasIdentifierOrInstant(concatenation.RightOperand, next);
            case IInvocationOperation { Instance: { } instance, Type.SpecialType: SpecialType.System_String }:
                return HasIdentifierOrInstant(instance, next); // id.ToString("N"), date.ToString("O")
            case IInvocationOperation { Instance: null, Type.SpecialType: SpecialType.System_String } format:
                return AnyCarries(format.Arguments, next); // string.Concat, string.Format, string.Join
            case IObjectCreationOperation { Type.IsValueType: true } or IObjectCreationOperation { Type.IsRecord: true }:
                return AnyCarries(((IObjectCreationOperation)value).Arguments, next);
            case IArgumentOperation argument:
                return HasIdentifierOrInstant(argument.Value, next);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return HasIdentifierOrInstant(conditional.WhenTrue, next) || HasIdentifierOrInstant(whenFalse, next);
            case ICoalesceOperation coalesce:
                return HasIdentifierOrInstant(coalesce.Value, next) || HasIdentifierOrInstant(coalesce.WhenNull, next);
            case ILocalReferenceOperation local:
                foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
                {
                    if (HasIdentifierOrInstant(assigned, next))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private bool AnyCarries<T>(System.Collections.Immutable.ImmutableArray<T> parts, int depth)
        where T : IOperation
    {
        foreach (var part in parts)
        {
            if (HasIdentifierOrInstant(part, depth))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsIdentifierOrInstant(ITypeSymbol? type)
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
}
