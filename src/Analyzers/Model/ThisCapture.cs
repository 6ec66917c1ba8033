using System.Collections.Generic;
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
    /// <param name="value">The key, value or factory.</param>
    /// <param name="conditions">
    /// When given, <c>this</c> passed to a constructor of this compilation (<c>new Clone(this)</c>) is found only on
    /// condition that the constructor keeps that parameter: the parameter is added here, for
    /// <see cref="ConstructorParameterFates"/> to decide once every constructor has been seen. Without it, any
    /// constructor argument holds <c>this</c>.
    /// </param>
    public IOperation? Find(IOperation? value, ICollection<IParameterSymbol>? conditions = null)
        => value is null ? null : Find(value, new Walk(_weak, conditions), depth: 0);

    /// <summary>The first place where a value the access stores (a value or a factory's result) holds <c>this</c>, or null.</summary>
    public IOperation? FindInStoredValues(CacheAccess access, ICollection<IParameterSymbol>? conditions = null)
    {
        foreach (var value in access.StoredValues)
        {
            if (Find(value, new Walk(_weak, conditions), depth: 0) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IOperation? Find(IOperation operation, Walk walk, int depth)
    {
        var weak = walk.Weak;
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
                return Find(conversion.Operand, walk, next);
            case IArgumentOperation argument:
                return Find(argument.Value, walk, next);
            case ITupleOperation tuple:
                return FirstOf(tuple.Elements, walk, next);
            case IAnonymousObjectCreationOperation anonymous:
                return FirstOf(anonymous.Initializers, walk, next);
            case ISimpleAssignmentOperation assignment:
                return Find(assignment.Value, walk, next);
            case IObjectCreationOperation creation:
                if (weak.IsWeakReference(creation.Type))
                {
                    return null;
                }

                return FindInArguments(creation, walk, next)
                    ?? (creation.Initializer is null ? null : FirstOf(creation.Initializer.Initializers, walk, next));
            case IArrayCreationOperation array:
                return array.Initializer is null ? null : FirstOf(array.Initializer.ElementValues, walk, next);
            case IInvocationOperation invocation when weak.IsTupleFactory(invocation.TargetMethod):
                return FirstOf(invocation.Arguments, walk, next);
            case IConditionalOperation conditional:
                return (conditional.WhenTrue is null ? null : Find(conditional.WhenTrue, walk, next))
                    ?? (conditional.WhenFalse is null ? null : Find(conditional.WhenFalse, walk, next));
            case ICoalesceOperation coalesce:
                return Find(coalesce.Value, walk, next) ?? Find(coalesce.WhenNull, walk, next);
            case IDelegateCreationOperation delegateCreation:
                return Find(delegateCreation.Target, walk, next);
            case IAnonymousFunctionOperation lambda:
                return lambda.Symbol.IsStatic ? null : FindThisUse(lambda.Body);
            case IMethodReferenceOperation reference:
                return MethodReferenceCapture(reference, walk, next);
            case ILocalReferenceOperation local:
                return LocalCapture(local, walk, next);
            default:
                return null;
        }
    }

    private static IOperation? FirstOf<T>(System.Collections.Immutable.ImmutableArray<T> operations, Walk walk, int depth)
        where T : IOperation
    {
        foreach (var operation in operations)
        {
            if (Find(operation, walk, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>this</c> among a constructor's arguments. With conditions, an argument of a constructor of this compilation
    /// counts only if that constructor keeps it: the first such find is returned, and the parameter recorded, unless
    /// another argument holds <c>this</c> unconditionally.
    /// </summary>
    private static IOperation? FindInArguments(IObjectCreationOperation creation, Walk walk, int depth)
    {
        IOperation? conditional = null;
        foreach (var argument in creation.Arguments)
        {
            if (Find(argument, walk, depth) is not { } found)
            {
                continue;
            }

            if (walk.Conditions is null || !ConstructorParameterFates.CanJudge(argument.Parameter))
            {
                return found;
            }

            walk.Conditions.Add(argument.Parameter!);
            conditional ??= found;
        }

        return conditional;
    }

    /// <summary>What a search carries along: the weak-reference types, and where conditions are collected (if anywhere).</summary>
    private readonly struct Walk
    {
        public Walk(WellKnownTypes weak, ICollection<IParameterSymbol>? conditions)
        {
            Weak = weak;
            Conditions = conditions;
        }

        public WellKnownTypes Weak { get; }

        public ICollection<IParameterSymbol>? Conditions { get; }
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

    private static IOperation? MethodReferenceCapture(IMethodReferenceOperation reference, Walk walk, int depth)
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
        return reference.Instance is null ? null : Find(reference.Instance, walk, depth);
    }

    /// <summary>A local holds <c>this</c> when a value assigned to it does (<c>var self = this;</c>).</summary>
    private static IOperation? LocalCapture(ILocalReferenceOperation local, Walk walk, int depth)
    {
        foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
        {
            // Its initializer and plain assignments: a compound or '??=' assignment adds to the value it already holds.
            if (assigned.Parent is not (IVariableInitializerOperation or ISimpleAssignmentOperation))
            {
                continue;
            }

            if (Find(assigned, walk, depth) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
