using System;
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
/// static cache makes every caller's delegate part of the cache. One table per compilation records every helper's write
/// (each type records its own members' writes). A call to a helper of the caller's own type is judged at that type's
/// end; a call to another type's helper (an internal static cache class used by a service) is judged by the caller's
/// type on every hypothesis it can (what the delegate captures, which argument is the key) and matched against the
/// table at compilation end, when every helper has been seen. Other judgements that need compilation-end facts (what an
/// inherited method of another type reads) are deferred through the same queue. Thread-safe.
/// </summary>
internal sealed class FactoryHelpers
{
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<StoredFactory>> _helpers = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentQueue<Func<Diagnostic?>> _deferred = new();

    /// <summary>The delegate parameter of <paramref name="member"/> whose result or self the shared-cache write stores; null when none.</summary>
    public static StoredFactory? Find(CacheAccess write, ISymbol member)
    {
        if (!write.IsWrite || !write.Cache.IsShared || member is not IMethodSymbol method)
        {
            return null;
        }

        var key = write.Key?.WalkDownKey() is IParameterReferenceOperation { Parameter: var keyParameter } && IsOwnParameter(keyParameter, method) ? keyParameter : null;
        foreach (var stored in StoredValuesThroughLocals(write))
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

    /// <summary>A call to a method of the compilation that passes a delegate: it may feed a helper's cache.</summary>
    public static bool PassesDelegate(IInvocationOperation call)
        => !call.TargetMethod.IsExtern && call.TargetMethod.MethodKind == MethodKind.Ordinary && call.TargetMethod.Locations.Length > 0
            && call.TargetMethod.Locations[0].IsInSource && HasDelegateArgument(call);

    /// <summary>True when the call's target is a method of <paramref name="type"/> itself, whose writes are all recorded by the type's end.</summary>
    public static bool IsOwnHelper(IInvocationOperation call, INamedTypeSymbol type)
        => SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType.OriginalDefinition, type.OriginalDefinition);

    /// <summary>The delegates a call passes, with the ordinal of the parameter each is passed to.</summary>
    public static IEnumerable<(int Ordinal, IOperation Delegate)> DelegateArguments(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { } parameter && IsDelegate(parameter.Type))
            {
                yield return (parameter.Ordinal, argument.Value);
            }
        }
    }

    /// <summary>
    /// Defers the judgement of a call to another type's method: at compilation end, when that method stores the delegate
    /// passed at <paramref name="delegateOrdinal"/>, <paramref name="judge"/> decides from the helper's write.
    /// </summary>
    public void Defer(IMethodSymbol target, int delegateOrdinal, Func<StoredFactory, Diagnostic?> judge)
    {
        var helper = (IMethodSymbol)target.OriginalDefinition;
        Defer(() => JudgeHelperCall(helper, delegateOrdinal, judge));
    }

    /// <summary>
    /// Defers a judgement that needs facts only complete at compilation end (what a base class declared in another type
    /// reads): <paramref name="judge"/> runs then, with the deferred helper calls.
    /// </summary>
    public void Defer(Func<Diagnostic?> judge) => _deferred.Enqueue(judge);

    /// <summary>At compilation end: the diagnostics of every deferred judgement (calls whose target turned out to be a helper, …).</summary>
    public IEnumerable<Diagnostic> JudgeDeferred()
    {
        foreach (var judge in _deferred)
        {
            if (judge() is { } diagnostic)
            {
                yield return diagnostic;
            }
        }
    }

    /// <summary>Every call (of one type, to its own helpers) with the helper write it feeds and the delegate it passes.</summary>
    public IEnumerable<(IInvocationOperation Call, ISymbol Caller, StoredFactory Stored, IOperation Delegate, IOperation? Key)> Matches(
        IEnumerable<(IInvocationOperation Call, ISymbol Caller)> calls)
    {
        foreach (var (call, caller) in calls)
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

    private Diagnostic? JudgeHelperCall(IMethodSymbol helper, int delegateOrdinal, Func<StoredFactory, Diagnostic?> judge)
    {
        if (_helpers.TryGetValue(helper, out var writes))
        {
            foreach (var stored in writes)
            {
                if (stored.Factory.Ordinal == delegateOrdinal)
                {
                    return judge(stored);
                }
            }
        }

        return null;
    }

    /// <summary>What the passed delegate makes the cache hold: the delegate itself, or every value it returns.</summary>
    public static ImmutableArray<IOperation> StoredBy(StoredFactory stored, IOperation passedDelegate) => StoredBy(stored.Kind, passedDelegate);

    /// <summary>What a delegate makes the cache hold when a helper stores it in the given way.</summary>
    public static ImmutableArray<IOperation> StoredBy(StoredFactoryKind kind, IOperation passedDelegate)
    {
        if (kind == StoredFactoryKind.Delegate)
        {
            return ImmutableArray.Create(passedDelegate);
        }

        var builder = ImmutableArray.CreateBuilder<IOperation>();
        builder.Add(passedDelegate);
        return FactoryReturns.Collect(builder, passedDelegate.GetRoot());
    }

    /// <summary>The stored values, and what was assigned to a stored local (<c>client = factory(); s_cache[key] = client;</c>).</summary>
    private static IEnumerable<IOperation> StoredValuesThroughLocals(CacheAccess write)
    {
        foreach (var stored in write.StoredValues)
        {
            yield return stored;
            if (stored.WalkDownConversion() is ILocalReferenceOperation local)
            {
                foreach (var assigned in LocalValues.AssignedValues(local.Local, write.Operation.GetRoot()))
                {
                    yield return assigned;
                }
            }
        }
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
