using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.BoundWithLruCache;

/// <summary>
/// Uses that make a dictionary a registry rather than a memo cache, so evicting an entry would lose data: an update
/// computed from the stored value (<c>AddOrUpdate(k, v, (_, old) =&gt; old + v)</c>), or a stored value changed in place
/// (<c>GetOrAdd(k, _ =&gt; new List&lt;T&gt;()).Add(x)</c>, <c>s_map[k].Count++</c>).
/// </summary>
internal static class RegistryUse
{
    public static bool Accumulates(CacheFieldUse use)
        => use.Access is { } access && (ReadsStoredValueInUpdate(access.Operation) || MutatesResult(access.Operation));

    /// <summary>A delegate argument whose parameter has the type the method returns (the stored value) and reads it.</summary>
    private static bool ReadsStoredValueInUpdate(IOperation access)
    {
        if (access is not IInvocationOperation invocation || invocation.TargetMethod.OriginalDefinition.ReturnsVoid)
        {
            return false;
        }

        var storedType = invocation.TargetMethod.OriginalDefinition.ReturnType;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                || argument.Parameter?.OriginalDefinition.Type is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke })
            {
                continue;
            }

            for (var i = 0; i < invoke.Parameters.Length && i < lambda.Symbol.Parameters.Length; i++)
            {
                var parameter = lambda.Symbol.Parameters[i];
                if (SymbolEqualityComparer.Default.Equals(invoke.Parameters[i].Type, storedType)
                    && lambda.Body.Descendants().OfType<IParameterReferenceOperation>().Any(r => SymbolEqualityComparer.Default.Equals(r.Parameter, parameter)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The value the access returns is changed in place: the receiver of a void call, or of an assignment to one of its members.</summary>
    private static bool MutatesResult(IOperation access)
    {
        var parent = access.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IInvocationOperation { TargetMethod.ReturnsVoid: true } call => call.Instance is not null && Contains(call.Instance, access),
            IMemberReferenceOperation member => member.Parent is IAssignmentOperation assignment && assignment.Target == member
                || member.Parent is IIncrementOrDecrementOperation,
            _ => false,
        };
    }

    private static bool Contains(IOperation outer, IOperation inner)
    {
        for (var current = inner; current is not null; current = current.Parent)
        {
            if (current == outer)
            {
                return true;
            }
        }

        return false;
    }
}
