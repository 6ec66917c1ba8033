using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

/// <summary>
/// Fields computed on first use (<c>_regex ??= new Regex(_pattern)</c>): when the value is built from members of
/// <c>this</c>, constants and statics alone, every instance with the same state computes the same value, so the field
/// stands for the state it is computed from.
/// </summary>
internal static class LazyFieldValues
{
    /// <summary>
    /// For the target of <c>_field ??= value</c> where the value is built only from members of <c>this</c>, constants and
    /// statics (no parameter or local of the member), the members it reads; null for any other write.
    /// </summary>
    public static List<ISymbol>? UsesOf(IMemberReferenceOperation target)
    {
        if (target.Parent is not ICoalesceAssignmentOperation assignment || assignment.Target != target || !IsComputedFromThisAlone(assignment.Value))
        {
            return null;
        }

        return TypeStateFacts.DirectUses(assignment.Value);
    }

    private static bool IsComputedFromThisAlone(IOperation value)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            var outside = operation switch
            {
                IParameterReferenceOperation parameter => !IsDeclaredWithin(parameter.Parameter, value),
                ILocalReferenceOperation local => !IsDeclaredWithin(local.Local, value),
                IInstanceReferenceOperation self => !IsReceiver(self), // 'this' passed on: the value depends on which instance
                _ => false,
            };
            if (outside)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDeclaredWithin(ISymbol symbol, IOperation value)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == value.Syntax.SyntaxTree && value.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReceiver(IOperation self)
    {
        var current = self;
        while (current.Parent is IConversionOperation conversion)
        {
            current = conversion;
        }

        return current.Parent switch
        {
            IMemberReferenceOperation member => member.Instance == current,
            IInvocationOperation invocation => invocation.Instance == current,
            _ => false,
        };
    }
}
