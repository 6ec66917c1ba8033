using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>A member of <c>this</c> that an operation uses, and where.</summary>
internal readonly struct InstanceMemberUse
{
    public InstanceMemberUse(ISymbol member, IOperation site)
    {
        Member = member;
        Site = site;
    }

    /// <summary>The instance field, property or method of <c>this</c> (or of <c>base</c>).</summary>
    public ISymbol Member { get; }

    public IOperation Site { get; }
}

/// <summary>
/// Finds the members of <c>this</c> that an expression uses directly (fields, properties, methods, explicit or
/// implicit <c>this</c>, nested lambdas included, and captured primary constructor parameters). Whether such a member is real per-instance state, and what a
/// method reads in turn, is the caller's decision: it needs facts about the whole type.
/// </summary>
internal static class InstanceStateReads
{
    public static IEnumerable<InstanceMemberUse> Find(IOperation operation) => Find(operation, thisParameters: null);

    /// <summary>As <see cref="Find(IOperation)"/>, with factory parameters known to receive <c>this</c> read as <c>this</c>.</summary>
    public static IEnumerable<InstanceMemberUse> Find(IOperation operation, ICollection<IParameterSymbol>? thisParameters)
    {
        foreach (var current in operation.DescendantsAndSelf())
        {
            if (TryGetUse(current, thisParameters, out var use))
            {
                yield return use;
            }
        }
    }

    /// <summary>
    /// The member of <c>this</c> that this one operation uses (not its descendants): for callers that already walk a
    /// body for other reasons and look at each operation once.
    /// </summary>
    public static bool TryGetUse(IOperation current, ICollection<IParameterSymbol>? thisParameters, out InstanceMemberUse use)
    {
        // Kind first: most operations are none of these and leave after one comparison.
        ISymbol? member;
        IOperation? instance = null;
        switch (current.Kind)
        {
            case OperationKind.FieldReference:
                var field = (IFieldReferenceOperation)current;
                (member, instance) = (field.Field, field.Instance);
                break;
            case OperationKind.PropertyReference:
                var property = (IPropertyReferenceOperation)current;
                (member, instance) = (property.Property, property.Instance);
                break;
            case OperationKind.Invocation:
                var invocation = (IInvocationOperation)current;
                (member, instance) = (invocation.TargetMethod, invocation.Instance);
                break;
            case OperationKind.MethodReference:
                var reference = (IMethodReferenceOperation)current;
                (member, instance) = (reference.Method, reference.Instance);
                break;
            case OperationKind.ParameterReference:
                var parameter = (IParameterReferenceOperation)current;
                member = IsCapturedPrimaryConstructorParameter(parameter) ? parameter.Parameter : null;
                break;
            default:
                use = default;
                return false;
        }

        // A captured primary constructor parameter, 'this.X', implicit 'X', and 'self.X' through an alias 'var self = this;'.
        if (member is IParameterSymbol
            || member is { IsStatic: false } && (LocalValues.RefersToThis(instance) || IsBoundToThis(instance, thisParameters)) && !IsAssignmentTarget(current))
        {
            use = new InstanceMemberUse(member, current);
            return true;
        }

        use = default;
        return false;
    }

    /// <summary>
    /// A primary constructor parameter used in a member body (<c>class PriceList(string currency)</c>, then
    /// <c>currency</c> in a method) is stored in a hidden field of <c>this</c>: it is instance state. In initializers
    /// and in the constructor's own base call it is just the argument.
    /// </summary>
    private static bool IsCapturedPrimaryConstructorParameter(IParameterReferenceOperation reference)
        => reference.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && !constructor.IsStatic
            && reference.GetRoot() is IMethodBodyOperation or IBlockOperation
            && constructor.IsPrimaryConstructor();

    private static bool IsBoundToThis(IOperation? instance, ICollection<IParameterSymbol>? thisParameters)
        => thisParameters is { Count: > 0 } && instance?.WalkDownConversion() is IParameterReferenceOperation parameter
           && thisParameters.Contains(parameter.Parameter);

    private static bool IsAssignmentTarget(IOperation operation)
        => operation.Parent is ISimpleAssignmentOperation assignment && assignment.Target == operation;
}
