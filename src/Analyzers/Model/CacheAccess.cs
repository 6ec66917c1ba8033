using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// One recognised operation on a cache: an invocation such as <c>s_cache.GetOrAdd(key, factory)</c>,
/// an indexer assignment <c>s_cache[key] = value</c> or an indexer read.
/// </summary>
internal sealed class CacheAccess
{
    public CacheAccess(
        IOperation operation,
        CacheSymbol cache,
        CacheAccessKind kind,
        IOperation? key,
        IOperation? owner,
        ImmutableArray<IOperation> values,
        ImmutableArray<IOperation> factories,
        ImmutableArray<IOperation> factoryResults)
    {
        Operation = operation;
        Cache = cache;
        Kind = kind;
        Key = key;
        Owner = owner;
        Values = values;
        Factories = factories;
        FactoryResults = factoryResults;
    }

    /// <summary>The whole access: the invocation, the indexer assignment, or the indexer reference of a read.</summary>
    public IOperation Operation { get; }

    public CacheSymbol Cache { get; }

    public CacheAccessKind Kind { get; }

    /// <summary>The key argument (conversions included), or null when the operation takes no key (<c>Clear</c>).</summary>
    public IOperation? Key { get; }

    /// <summary>The owner argument of a <c>WeakLruCache</c> access; null for every other cache.</summary>
    public IOperation? Owner { get; }

    /// <summary>Values stored as they are: the value argument of <c>Add</c>/<c>Set</c>/<c>GetOrAdd(key, value)</c>, the right side of an indexer assignment.</summary>
    public ImmutableArray<IOperation> Values { get; }

    /// <summary>Delegate arguments whose results are stored (<c>GetOrAdd(key, factory)</c>, <c>AddOrUpdate</c>, <c>GetOrCreate</c>).</summary>
    public ImmutableArray<IOperation> Factories { get; }

    /// <summary>Every expression a factory lambda returns: what actually ends up in the cache.</summary>
    public ImmutableArray<IOperation> FactoryResults { get; }

    /// <summary>Everything that ends up in the cache: <see cref="Values"/> and <see cref="FactoryResults"/>.</summary>
    public ImmutableArray<IOperation> StoredValues => Values.AddRange(FactoryResults);

    /// <summary>
    /// Arguments passed through to a factory (<c>GetOrAdd(key, (k, rate) =&gt; k * rate, _rate)</c>): not stored, but the
    /// stored value is computed from them. They are the arguments typed by a method type parameter that is not the
    /// result type (<c>TArg</c>, unlike <c>Set&lt;TItem&gt;(key, TItem value)</c>).
    /// </summary>
    public ImmutableArray<IOperation> FactoryArguments
    {
        get
        {
            if (Factories.IsEmpty || Operation is not IInvocationOperation invocation)
            {
                return ImmutableArray<IOperation>.Empty;
            }

            var definition = invocation.TargetMethod.OriginalDefinition;
            var arguments = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && parameter.OriginalDefinition.Type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } typeParameter
                    && !SymbolEqualityComparer.Default.Equals(definition.ReturnType, typeParameter))
                {
                    arguments.Add(argument.Value);
                }
            }

            return arguments.ToImmutable();
        }
    }

    /// <summary>
    /// The factory lambdas' parameters that receive a passed-through argument, with that argument:
    /// in <c>GetOrAdd(key, static (k, self) =&gt; self.Scale(k), this)</c>, <c>self</c> is bound to <c>this</c>.
    /// </summary>
    public ImmutableArray<(IParameterSymbol Parameter, IOperation Argument)> FactoryArgumentBindings
    {
        get
        {
            if (Factories.IsEmpty || Operation is not IInvocationOperation invocation)
            {
                return ImmutableArray<(IParameterSymbol, IOperation)>.Empty;
            }

            var bindings = ImmutableArray.CreateBuilder<(IParameterSymbol, IOperation)>();
            var root = Operation.GetRoot();
            foreach (var passed in invocation.Arguments)
            {
                if (passed.Parameter?.OriginalDefinition.Type is not ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } argumentType
                    || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition.ReturnType, argumentType))
                {
                    continue;
                }

                foreach (var factory in invocation.Arguments)
                {
                    // Func<TKey, TArg, TValue>: the lambda parameter at the position the delegate gives TArg.
                    if (factory.Parameter?.OriginalDefinition.Type is INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
                        && FactoryReturns.GetBody(factory.Value, root) is { } body)
                    {
                        var parameters = body switch
                        {
                            IAnonymousFunctionOperation lambda => lambda.Symbol.Parameters,
                            ILocalFunctionOperation local => local.Symbol.Parameters,
                            _ => ImmutableArray<IParameterSymbol>.Empty,
                        };
                        for (var i = 0; i < invoke.Parameters.Length && i < parameters.Length; i++)
                        {
                            if (SymbolEqualityComparer.Default.Equals(invoke.Parameters[i].Type, argumentType))
                            {
                                bindings.Add((parameters[i], passed.Value));
                            }
                        }
                    }
                }
            }

            return bindings.ToImmutable();
        }
    }

    public bool IsWrite => Kind.IsWrite();
}
