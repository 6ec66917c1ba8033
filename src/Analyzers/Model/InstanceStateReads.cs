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
            var (member, instance) = current switch
            {
                IFieldReferenceOperation field => ((ISymbol?)field.Field, field.Instance),
                IPropertyReferenceOperation property => (property.Property, property.Instance),
                IInvocationOperation invocation => (invocation.TargetMethod, invocation.Instance),
                IMethodReferenceOperation reference => (reference.Method, reference.Instance),
                _ => (null, null),
            };

            if (current is IParameterReferenceOperation parameter && IsCapturedPrimaryConstructorParameter(parameter))
            {
                yield return new InstanceMemberUse(parameter.Parameter, current);
                continue;
            }

            // 'this.X', implicit 'X', and 'self.X' through an alias 'var self = this;'.
            if (member is { IsStatic: false } && (LocalValues.RefersToThis(instance) || IsBoundToThis(instance, thisParameters))
                && !IsAssignmentTarget(current))
            {
                yield return new InstanceMemberUse(member, current);
            }
        }
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
