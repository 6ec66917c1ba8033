using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

internal static class OperationExtensions
{
    /// <summary>Strips implicit and explicit conversions (boxing to <c>object</c>, tuple conversions, casts).</summary>
    public static IOperation WalkDownConversion(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>
    /// The value a key expression denotes: without conversions and casts, and without a null guard that only throws
    /// (<c>key ?? throw …</c>); <c>key!</c> has no operation of its own. Lookup and store of these are the same key.
    /// </summary>
    public static IOperation WalkDownKey(this IOperation operation)
    {
        while (true)
        {
            operation = operation.WalkDownConversion();
            if (operation is ICoalesceOperation coalesce && coalesce.WhenNull.WalkDownConversion() is IThrowOperation)
            {
                operation = coalesce.Value;
                continue;
            }

            return operation;
        }
    }

    /// <summary>A field or property reference that is assigned, incremented, deconstructed into, or passed by <c>ref</c>/<c>out</c>.</summary>
    public static bool IsWriteTarget(this IOperation reference)
    {
        var current = reference;
        while (current.Parent is ITupleOperation tuple)
        {
            current = tuple; // (_a, _b) = pair;
        }

        return current.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == current,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            _ => false,
        };
    }

    /// <summary>The outermost operation above this one: the body of the member being analyzed.</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>
    /// True when the operation can see <c>this</c>: it sits in an instance member and not inside a static lambda
    /// or static local function.
    /// </summary>
    public static bool IsInInstanceContext(this IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation { Symbol.IsStatic: true }:
                case ILocalFunctionOperation { Symbol.IsStatic: true }:
                    return false;
            }
        }

        return containingSymbol switch
        {
            IMethodSymbol method => !method.IsStatic,
            IPropertySymbol or IEventSymbol => !containingSymbol.IsStatic,
            _ => false, // field initializers cannot use 'this'
        };
    }

    /// <summary>The declaration of a local function (its operation, with its body) below <paramref name="root"/>; null when absent.</summary>
    public static ILocalFunctionOperation? FindLocalFunction(this IOperation root, IMethodSymbol localFunction)
    {
        var definition = localFunction.OriginalDefinition;
        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, definition))
            {
                return function;
            }
        }

        return null;
    }

    /// <summary>The innermost lambda or local function containing the operation, or null when there is none.</summary>
    public static IOperation? GetEnclosingFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>True when the reference is to <c>this</c> (explicit or implicit), not to a pattern input or object initializer target.</summary>
    public static bool IsThis(this IInstanceReferenceOperation operation)
        => operation.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance;
}
