using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Decides whether the value of an operation holds a strong reference to <c>this</c>: <c>this</c> itself, a tuple,
/// anonymous object, object creation, <c>Tuple.Create</c> or collection containing it, a closure over an instance
/// member, a method group bound to an instance method, or a local whose assignment is one of those.
/// Reading a member of <c>this</c> (<c>this.Name</c>) does not hold <c>this</c>; <c>new WeakReference(this)</c> holds it weakly.
/// </summary>
internal sealed class ThisCapture
{
    private const int MaxDepth = 8;

    private readonly WellKnownTypes _weak;

    public ThisCapture(WellKnownTypes wellKnownTypes) => _weak = wellKnownTypes;

    /// <summary>The operation that makes <paramref name="value"/> hold <c>this</c>, or null when it does not.</summary>
    public IOperation? Find(IOperation? value) => value is null ? null : Find(value, _weak, depth: 0);

    /// <summary>The first place where a value the access stores (a value or a factory's result) holds <c>this</c>, or null.</summary>
    public IOperation? FindInStoredValues(CacheAccess access)
    {
        foreach (var value in access.StoredValues)
        {
            if (Find(value, _weak, depth: 0) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IOperation? Find(IOperation operation, WellKnownTypes weak, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var next = depth + 1;
        switch (operation)
        {
            case IInstanceReferenceOperation instance:
                return instance.IsThis() ? instance : null;
            case IConversionOperation conversion:
                return Find(conversion.Operand, weak, next);
            case IArgumentOperation argument:
                return Find(argument.Value, weak, next);
            case ITupleOperation tuple:
                return FirstOf(tuple.Elements, weak, next);
            case IAnonymousObjectCreationOperation anonymous:
                return FirstOf(anonymous.Initializers, weak, next);
            case ISimpleAssignmentOperation assignment:
                return Find(assignment.Value, weak, next);
            case IObjectCreationOperation creation:
                if (weak.IsWeakReference(creation.Type))
                {
                    return null;
                }

                return FirstOf(creation.Arguments, weak, next)
                    ?? (creation.Initializer is null ? null : FirstOf(creation.Initializer.Initializers, weak, next));
            case IArrayCreationOperation array:
                return array.Initializer is null ? null : FirstOf(array.Initializer.ElementValues, weak, next);
            case IInvocationOperation invocation when weak.IsTupleFactory(invocation.TargetMethod):
                return FirstOf(invocation.Arguments, weak, next);
            case IConditionalOperation conditional:
                return (conditional.WhenTrue is null ? null : Find(conditional.WhenTrue, weak, next))
                    ?? (conditional.WhenFalse is null ? null : Find(conditional.WhenFalse, weak, next));
            case ICoalesceOperation coalesce:
                return Find(coalesce.Value, weak, next) ?? Find(coalesce.WhenNull, weak, next);
            case IDelegateCreationOperation delegateCreation:
                return Find(delegateCreation.Target, weak, next);
            case IAnonymousFunctionOperation lambda:
                return lambda.Symbol.IsStatic ? null : FindThisUse(lambda.Body);
            case IMethodReferenceOperation reference:
                return MethodReferenceCapture(reference, weak, next);
            case ILocalReferenceOperation local:
                return LocalCapture(local, weak, next);
            default:
                return null;
        }
    }

    private static IOperation? FirstOf<T>(System.Collections.Immutable.ImmutableArray<T> operations, WellKnownTypes weak, int depth)
        where T : IOperation
    {
        foreach (var operation in operations)
        {
            if (Find(operation, weak, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A closure captures <c>this</c> when its body uses <c>this</c> explicitly or implicitly anywhere.</summary>
    private static IOperation? FindThisUse(IOperation body)
        => body.Descendants().FirstOrDefault(o => o is IInstanceReferenceOperation instance ? instance.IsThis()
            : o is ILocalReferenceOperation local && !IsDeclaredIn(local.Local, body) && LocalValues.RefersToThis(local));

    /// <summary>A local declared inside the closure is not captured from outside; an alias of <c>this</c> captured from outside is.</summary>
    private static bool IsDeclaredIn(ILocalSymbol local, IOperation body)
    {
        var span = body.Syntax.Span;
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == body.Syntax.SyntaxTree && span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? MethodReferenceCapture(IMethodReferenceOperation reference, WellKnownTypes weak, int depth)
    {
        if (reference.Method.MethodKind == MethodKind.LocalFunction)
        {
            if (reference.Method.IsStatic)
            {
                return null;
            }

            var function = reference.GetRoot().FindLocalFunction(reference.Method);
            return function is null ? null : FindThisUse(function);
        }

        // A method group bound to an instance method holds its target: 'OnChanged' or 'this.OnChanged'.
        return reference.Instance is null ? null : Find(reference.Instance, weak, depth);
    }

    /// <summary>A local holds <c>this</c> when a value assigned to it does (<c>var self = this;</c>).</summary>
    private static IOperation? LocalCapture(ILocalReferenceOperation local, WellKnownTypes weak, int depth)
    {
        foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
        {
            // Its initializer and plain assignments: a compound or '??=' assignment adds to the value it already holds.
            if (assigned.Parent is not (IVariableInitializerOperation or ISimpleAssignmentOperation))
            {
                continue;
            }

            if (Find(assigned, weak, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
