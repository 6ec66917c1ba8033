using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The parts a key carries whole: the key itself, a tuple or key-struct/record element, an interpolation hole, a
/// concatenated or formatted value, the receiver of a string-returning call (<c>id.ToString("N")</c>,
/// <c>header.Trim()</c>), an awaited value, the member read after <c>?.</c>, either branch of <c>?:</c>/<c>??</c>, and what a local it reads was
/// assigned. A number read from a part (<c>day.Month</c>) is not carried whole.
/// </summary>
internal static class CarriedParts
{
    private const int MaxDepth = 6;

    /// <summary>True when <paramref name="isEvidence"/> holds for the key or a part it carries whole.</summary>
    public static bool Any(IOperation key, Func<IOperation, bool> isEvidence) => Any(key, isEvidence, depth: 0);

    private static bool Any(IOperation key, Func<IOperation, bool> isEvidence, int depth)
    {
        var value = key.WalkDownConversion();
        if (isEvidence(value))
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
                return AnyOf(tuple.Elements, isEvidence, next);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && Any(hole.Expression, isEvidence, next))
                    {
                        return true;
                    }
                }

                return false;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return Any(concatenation.LeftOperand, isEvidence, next) || Any(concatenation.RightOperand, isEvidence, next);
            case IInvocationOperation { Instance: { } instance, Type.SpecialType: SpecialType.System_String }:
                return Any(instance, isEvidence, next); // id.ToString("N"), header.ToString().Trim()
            case IInvocationOperation { Instance: null, Type.SpecialType: SpecialType.System_String } format:
                return AnyOf(format.Arguments, isEvidence, next); // string.Concat, string.Format, string.Join
            case IObjectCreationOperation { Type.IsValueType: true } or IObjectCreationOperation { Type.IsRecord: true }:
                return AnyOf(((IObjectCreationOperation)value).Arguments, isEvidence, next);
            case IArgumentOperation argument:
                return Any(argument.Value, isEvidence, next);
            case IAwaitOperation awaited:
                return Any(awaited.Operation, isEvidence, next);
            case IConditionalAccessOperation access:
                return Any(access.WhenNotNull, isEvidence, next); // user.Identity?.Name
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Any(conditional.WhenTrue, isEvidence, next) || Any(whenFalse, isEvidence, next);
            case ICoalesceOperation coalesce:
                return Any(coalesce.Value, isEvidence, next) || Any(coalesce.WhenNull, isEvidence, next);
            case ILocalReferenceOperation local:
                foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
                {
                    if (Any(assigned, isEvidence, next))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool AnyOf<T>(ImmutableArray<T> parts, Func<IOperation, bool> isEvidence, int depth)
        where T : IOperation
    {
        foreach (var part in parts)
        {
            if (Any(part, isEvidence, depth))
            {
                return true;
            }
        }

        return false;
    }
}
