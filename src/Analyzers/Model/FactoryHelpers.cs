using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>How a helper stores a delegate parameter in a shared cache.</summary>
internal enum StoredFactoryKind
{
    /// <summary><c>s_cache.GetOrAdd(key, _ =&gt; factory())</c>, <c>s_cache[key] = factory()</c>: what the delegate returns is stored.</summary>
    Result,

    /// <summary><c>s_cache[key] = factory</c>: the delegate itself, with whatever it captures, is stored.</summary>
    Delegate,
}

/// <summary>A helper method's delegate parameter that ends up in a shared cache, and the key parameter it is stored under.</summary>
internal sealed class StoredFactory
{
    public StoredFactory(CacheAccess write, IParameterSymbol factory, IParameterSymbol? key, StoredFactoryKind kind)
    {
        Write = write;
        Factory = factory;
        Key = key;
        Kind = kind;
    }

    public CacheAccess Write { get; }

    public IParameterSymbol Factory { get; }

    public IParameterSymbol? Key { get; }

    public StoredFactoryKind Kind { get; }
}

/// <summary>
/// Factories passed in: a helper <c>GetOrCreate(string key, Func&lt;Client&gt; factory)</c> that stores <c>factory()</c> in a
/// static cache makes every caller's delegate part of the cache. Rules record the helpers' writes and the calls that
/// pass delegates, and judge the delegate at the call site. Thread-safe; filled by operation actions of one type.
/// </summary>
internal sealed class FactoryHelpers
{
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<StoredFactory>> _helpers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentQueue<(IInvocationOperation Call, ISymbol Caller)> _calls = new();

    /// <summary>The delegate parameter of <paramref name="member"/> whose result or self the shared-cache write stores; null when none.</summary>
    public static StoredFactory? Find(CacheAccess write, ISymbol member)
    {
        if (!write.IsWrite || !write.Cache.IsShared || member is not IMethodSymbol method)
        {
            return null;
        }

        var key = write.Key?.WalkDownKey() is IParameterReferenceOperation { Parameter: var keyParameter } && IsOwnParameter(keyParameter, method) ? keyParameter : null;
        foreach (var stored in write.StoredValues)
        {
            switch (stored.WalkDownConversion())
            {
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: IParameterReferenceOperation invoked }
                    when IsOwnParameter(invoked.Parameter, method):
                    return new StoredFactory(write, invoked.Parameter, key, StoredFactoryKind.Result);
                case IParameterReferenceOperation parameter when IsOwnParameter(parameter.Parameter, method) && IsDelegate(parameter.Type):
                    return new StoredFactory(write, parameter.Parameter, key, StoredFactoryKind.Delegate);
            }
        }

        foreach (var factory in write.Factories)
        {
            // GetOrAdd(key, factory) with a Func<TKey, TValue> parameter: its results are stored.
            var target = factory.WalkDownConversion();
            if (target is IDelegateCreationOperation creation)
            {
                target = creation.Target.WalkDownConversion();
            }

            if (target is IParameterReferenceOperation parameter && IsOwnParameter(parameter.Parameter, method))
            {
                return new StoredFactory(write, parameter.Parameter, key, StoredFactoryKind.Result);
            }
        }

        return null;
    }

    /// <summary>Records a helper's write; call for every shared-cache write the rule sees, in any context.</summary>
    public void RecordWrite(CacheAccess write, ISymbol member)
    {
        if (Find(write, member) is { } stored)
        {
            _helpers.GetOrAdd((IMethodSymbol)member.OriginalDefinition, _ => new ConcurrentQueue<StoredFactory>()).Enqueue(stored);
        }
    }

    /// <summary>Records a call to a method of the compilation that passes a delegate.</summary>
    public void RecordCall(IInvocationOperation call, ISymbol caller)
    {
        if (MayPassFactory(call))
        {
            _calls.Enqueue((call, caller));
        }
    }

    /// <summary>A call to a source method that passes a delegate: the cheap test rules run before anything else.</summary>
    public static bool MayPassFactory(IInvocationOperation call)
        => !call.TargetMethod.IsExtern && call.TargetMethod.MethodKind == MethodKind.Ordinary && call.TargetMethod.Locations.Length > 0
           && call.TargetMethod.Locations[0].IsInSource && HasDelegateArgument(call);

    /// <summary>At the end: every recorded call with the helper write it feeds and the delegate it passes.</summary>
    public IEnumerable<(IInvocationOperation Call, ISymbol Caller, StoredFactory Stored, IOperation Delegate, IOperation? Key)> Matches()
    {
        foreach (var (call, caller) in _calls)
        {
            if (!_helpers.TryGetValue((IMethodSymbol)call.TargetMethod.OriginalDefinition, out var writes))
            {
                continue;
            }

            foreach (var stored in writes)
            {
                IOperation? passed = null;
                IOperation? key = null;
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Ordinal == stored.Factory.Ordinal)
                    {
                        passed = argument.Value;
                    }
                    else if (stored.Key is not null && argument.Parameter?.Ordinal == stored.Key.Ordinal)
                    {
                        key = argument.Value;
                    }
                }

                if (passed is not null)
                {
                    yield return (call, caller, stored, passed, key);
                    break;
                }
            }
        }
    }

    /// <summary>What the passed delegate makes the cache hold: the delegate itself, or every value it returns.</summary>
    public static ImmutableArray<IOperation> StoredBy(StoredFactory stored, IOperation passedDelegate)
    {
        if (stored.Kind == StoredFactoryKind.Delegate)
        {
            return ImmutableArray.Create(passedDelegate);
        }

        var builder = ImmutableArray.CreateBuilder<IOperation>();
        builder.Add(passedDelegate);
        return FactoryReturns.Collect(builder, passedDelegate.GetRoot());
    }

    private static bool HasDelegateArgument(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (IsDelegate(argument.Parameter?.Type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDelegate(ITypeSymbol? type) => type is INamedTypeSymbol { TypeKind: TypeKind.Delegate };

    private static bool IsOwnParameter(IParameterSymbol parameter, IMethodSymbol method)
        => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, method.OriginalDefinition);
}
