using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// What a local holds, from the assignments in its member: the basis for seeing through aliases
/// (<c>var self = this;</c>, <c>var cache = s_cache;</c>) the same way as through the original.
/// </summary>
internal static class LocalValues
{
    /// <summary>How many alias-of-alias hops are followed.</summary>
    private const int MaxHops = 4;

    /// <summary>Values assigned to the local in its member: its initializer and plain, <c>??=</c> or compound assignments.</summary>
    public static IEnumerable<IOperation> AssignedValues(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                    && declarator.Initializer is { } initializer:
                    yield return initializer.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return assignment.Value;
                    break;
            }
        }
    }

    /// <summary>
    /// The collection a <c>foreach</c> loop's iteration variable takes its values from (<c>foreach (var c in key)</c>:
    /// <c>key</c>); null when the local is not one.
    /// </summary>
    public static IOperation? ForEachCollection(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not IForEachLoopOperation loop)
            {
                continue;
            }

            foreach (var declared in loop.Locals)
            {
                if (SymbolEqualityComparer.Default.Equals(declared, local))
                {
                    return loop.Collection;
                }
            }
        }

        return null;
    }

    /// <summary>The local is assigned at least once in its member, and every value assigned satisfies <paramref name="predicate"/>.</summary>
    public static bool AllAssigned(ILocalReferenceOperation local, Func<IOperation, bool> predicate)
    {
        var any = false;
        foreach (var assigned in AssignedValues(local.Local, local.GetRoot()))
        {
            if (!predicate(assigned))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// True when the local also changes in ways <see cref="AssignedValues"/> cannot list as values: <c>i++</c>,
    /// <c>name += suffix</c>, passed by <c>ref</c>/<c>out</c>, or a deconstruction target. Its values then follow from
    /// its previous ones (a loop counter), not from what is assigned.
    /// </summary>
    public static bool IsUpdatedInPlace(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            switch (reference.Parent)
            {
                case IIncrementOrDecrementOperation:
                case ICompoundAssignmentOperation compound when compound.Target == reference:
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                case IDeclarationExpressionOperation { Parent: IArgumentOperation { Parameter.RefKind: RefKind.Out } }:
                case ITupleOperation { Parent: IDeconstructionAssignmentOperation }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An object the member made or obtained itself, or a part of one: a local every assignment of which is <c>null</c>,
    /// a new object, a call's result (awaited or not) or another such local, and what is read from it
    /// (<c>result.File</c> after <c>var result = await loader.Load(name);</c>). Not a parameter, <c>this</c>'s field or
    /// a static: those come from, and may be held by, someone else.
    /// </summary>
    public static bool IsMadeHere(IOperation? operation) => IsMadeHere(operation, hops: 0);

    private static bool IsMadeHere(IOperation? operation, int hops)
    {
        var value = operation?.WalkDownConversion();
        while (value is IMemberReferenceOperation { Instance: { } instance })
        {
            value = instance.WalkDownConversion();
        }

        switch (value)
        {
            case IObjectCreationOperation or IInvocationOperation:
                return true;
            case IAwaitOperation awaited:
                return IsMadeHere(awaited.Operation, hops);
            case ILocalReferenceOperation local when hops < MaxHops:
                return AllAssigned(local, assigned => assigned.WalkDownConversion() is { ConstantValue: { HasValue: true, Value: null } } || IsMadeHere(assigned, hops + 1));
            default:
                return false;
        }
    }

    /// <summary><c>this</c>, or a local every assignment of which is <c>this</c> (<c>var self = this;</c>).</summary>
    public static bool RefersToThis(IOperation? operation) => RefersToThis(operation, hops: 0);

    private static bool RefersToThis(IOperation? operation, int hops)
    {
        switch (operation?.WalkDownConversion())
        {
            case IInstanceReferenceOperation instance:
                return instance.IsThis();
            case ILocalReferenceOperation local when hops < MaxHops && CanHoldThis(local.Local) && MayBeInitializedWithThis(local.Local):
                return AllAssigned(local, value => RefersToThis(value, hops + 1));
            default:
                return false;
        }
    }

    /// <summary>
    /// Only a local typed as the containing type, one of its base types or interfaces, or <c>object</c> can hold
    /// <c>this</c>: a symbol check that spares the syntax check (and its allocation) for the usual
    /// <c>list.Add(x)</c> or <c>order.Total</c> on a local of another type.
    /// </summary>
    private static bool CanHoldThis(ILocalSymbol local)
    {
        if (local.Type is not { IsReferenceType: true } type || local.ContainingSymbol?.ContainingType is not { } containing)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
        {
            return true;
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in containing.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, type))
                {
                    return true;
                }
            }

            return false;
        }

        for (var current = containing; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A cheap syntactic pre-check so that ordinary locals are never traced: <c>var self = this;</c> or <c>= (Base)this</c>.</summary>
    private static bool MayBeInitializedWithThis(ILocalSymbol local)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                while (value is ParenthesizedExpressionSyntax or CastExpressionSyntax)
                {
                    value = value is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)value).Expression;
                }

                return value is ThisExpressionSyntax;
            }
        }

        return false;
    }
}
