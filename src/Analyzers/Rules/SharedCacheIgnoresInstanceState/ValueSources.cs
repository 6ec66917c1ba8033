using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

/// <summary>
/// The expressions a cache entry is computed from, and the members of <c>this</c> they use in a way that can change
/// the result (a call to <c>_logger.Log(...)</c> or an <c>if (_disposed) throw</c> guard cannot).
/// </summary>
internal static class ValueSources
{
    /// <summary>How many local-to-local hops are followed (<c>var rate = _rate; var price = sku * rate;</c>).</summary>
    private const int MaxLocalHops = 4;

    /// <summary>
    /// What the stored value is computed from: stored values, what factory lambdas return, arguments passed through to
    /// a factory, and factories that are method groups (their body is the method's).
    /// </summary>
    public static ImmutableArray<IOperation> OfStoredValue(CacheAccess access)
    {
        var sources = ImmutableArray.CreateBuilder<IOperation>();
        sources.AddRange(access.Values);
        sources.AddRange(access.FactoryResults);
        sources.AddRange(access.FactoryArguments);
        foreach (var result in access.FactoryResults)
        {
            // 'if (_strict) return a; return b;': the condition selects what is stored.
            sources.AddRange(SelectingConditions(result));
        }

        var root = access.Operation.GetRoot();
        foreach (var factory in access.Factories)
        {
            if (FactoryReturns.GetBody(factory, root) is null)
            {
                sources.Add(factory);
            }
        }

        return sources.ToImmutable();
    }

    /// <summary>The members of <c>this</c> the expressions (and the locals they read, traced back) use, in source order.</summary>
    public static ImmutableArray<InstanceMemberUse> InstanceMemberUses(ImmutableArray<IOperation> expressions, ICollection<IParameterSymbol>? thisParameters = null)
    {
        var uses = ImmutableArray.CreateBuilder<InstanceMemberUse>();
        var seenLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var expression in expressions)
        {
            Collect(expression, uses, seenLocals, thisParameters, hops: 0);
        }

        return uses.ToImmutable();
    }

    /// <summary>Factory parameters that receive <c>this</c> (or an alias of it): <c>GetOrAdd(k, static (k, self) =&gt; …, this)</c>.</summary>
    public static HashSet<IParameterSymbol> ThisParameters(CacheAccess access)
    {
        var parameters = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (var (parameter, argument) in access.FactoryArgumentBindings)
        {
            if (LocalValues.RefersToThis(argument))
            {
                parameters.Add(parameter);
            }
        }

        return parameters;
    }

    /// <summary>
    /// The conditions of the <c>if</c>s and <c>?:</c>s around an operation, up to its function: they decide which value
    /// it produces (<c>if (TableExists(name)) table = name;</c>).
    /// </summary>
    public static IEnumerable<IOperation> SelectingConditions(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition != current:
                    yield return conditional.Condition;
                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    yield break;
            }
        }
    }

    /// <summary>
    /// Drops reads of a field that the same member assigned, before the write, from the key or the cache alone
    /// (<c>_dataSource = Lookup(_connectionString); s_pools[_connectionString] = _dataSource;</c>): there the field is a
    /// local in all but name, and every instance computes the same value for that key.
    /// </summary>
    public static ImmutableArray<InstanceMemberUse> WithoutFieldsUsedAsLocals(ImmutableArray<InstanceMemberUse> uses, CacheAccess access, ImmutableArray<InstanceMemberUse> keyUses)
    {
        if (uses.IsEmpty)
        {
            return uses;
        }

        var keyMembers = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        foreach (var use in keyUses)
        {
            keyMembers.Add(use.Member);
        }

        var writeStart = access.Operation.Syntax.SpanStart;
        var localLike = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        foreach (var operation in access.Operation.GetRoot().Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol, Instance: { } instance } target } assignment
                && operation.Syntax.SpanStart < writeStart
                && operation.GetEnclosingFunction() == access.Operation.GetEnclosingFunction()
                && LocalValues.RefersToThis(instance)
                && InstanceMemberUses(ImmutableArray.Create(assignment.Value)).All(u => keyMembers.Contains(u.Member)))
            {
                localLike.Add(target.Member);
            }
        }

        return localLike.Count == 0 ? uses : uses.Where(u => !localLike.Contains(u.Member)).ToImmutableArray();
    }

    /// <summary>True when a use of a member of <c>this</c> cannot change any value computed around it.</summary>
    public static bool CannotAffectValue(IOperation site)
    {
        if (site is IInvocationOperation { TargetMethod.ReturnsVoid: true } || IsInThrow(site))
        {
            return true;
        }

        for (var current = site; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConversionOperation:
                case IArgumentOperation:
                case IMemberReferenceOperation member when member.Instance == current:
                    continue;
                case IInvocationOperation invocation:
                    // '_logger.Log(x)' or 's_log.Add(_name)': the member is only handed to a call whose result is unused.
                    return invocation.TargetMethod.ReturnsVoid;
                case ILockOperation:
                    return true;
                default:
                    return IsInThrowGuard(current);
            }
        }

        return false;
    }

    private static void Collect(IOperation expression, ImmutableArray<InstanceMemberUse>.Builder uses, HashSet<ILocalSymbol> seenLocals, ICollection<IParameterSymbol>? thisParameters, int hops)
    {
        foreach (var use in InstanceStateReads.Find(expression, thisParameters))
        {
            if (!CannotAffectValue(use.Site))
            {
                uses.Add(use);
            }
        }

        if (hops >= MaxLocalHops)
        {
            return;
        }

        foreach (var operation in expression.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation local && seenLocals.Add(local.Local))
            {
                foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
                {
                    Collect(assigned, uses, seenLocals, thisParameters, hops + 1);
                    foreach (var condition in SelectingConditions(assigned))
                    {
                        Collect(condition, uses, seenLocals, thisParameters, hops + 1);
                    }
                }
            }
        }
    }

    /// <summary>Inside what is thrown (<c>?? throw new ObjectDisposedException(_name)</c>): it decides how to fail, not what to compute.</summary>
    private static bool IsInThrow(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IThrowOperation:
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation or IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Inside the condition of <c>if (…) throw …;</c>: the member decides whether to fail, not what to compute.</summary>
    private static bool IsInThrowGuard(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation conditional && conditional.Condition == current)
            {
                return conditional.WhenFalse is null && OnlyThrows(conditional.WhenTrue);
            }

            if (parent is IBlockOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    private static bool OnlyThrows(IOperation? operation) => operation switch
    {
        IThrowOperation => true,
        IExpressionStatementOperation statement => statement.Operation is IThrowOperation,
        IBlockOperation { Operations.Length: 1 } block => OnlyThrows(block.Operations[0]),
        _ => false,
    };
}
