using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>What a factory delegate returns: the values a get-or-add really stores.</summary>
internal static class FactoryReturns
{
    public static ImmutableArray<IOperation> Collect(ImmutableArray<IOperation>.Builder factories, IOperation root)
    {
        if (factories.Count == 0)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var results = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var factory in factories)
        {
            AddReturns(GetBody(factory, root), results);
        }

        return results.ToImmutable();
    }

    /// <summary>The lambda or local function a factory argument stands for, or null for other delegates.</summary>
    public static IOperation? GetBody(IOperation factory, IOperation root)
    {
        var target = factory.WalkDownConversion();
        if (target is IDelegateCreationOperation creation)
        {
            target = creation.Target.WalkDownConversion();
        }

        return target switch
        {
            IAnonymousFunctionOperation lambda => lambda,
            IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference => root.FindLocalFunction(reference.Method),
            _ => null,
        };
    }

    private static void AddReturns(IOperation? function, ImmutableArray<IOperation>.Builder results)
    {
        var body = function switch
        {
            IAnonymousFunctionOperation lambda => lambda.Body,
            ILocalFunctionOperation local => local.Body ?? (IOperation?)local.IgnoredBody,
            _ => null,
        };
        if (body is null)
        {
            return;
        }

        foreach (var operation in body.Descendants())
        {
            // Only the factory's own returns: a nested lambda's returns are not stored.
            if (operation is IReturnOperation { ReturnedValue: { } value } && operation.GetEnclosingFunction() == function)
            {
                results.Add(value);
            }
        }
    }
}
