using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Tells memo writes from registries and accumulators (<see cref="WriteIntent"/>). A memo stores a value computed
/// from the key; a registry stores a value the caller supplies, or a mutable object per key whose state is the point.
/// </summary>
internal sealed class WriteClassifier
{
    private const int MaxLocalHops = 4;

    private readonly INamedTypeSymbol _enumerable;

    public WriteClassifier(Compilation compilation)
        => _enumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);

    /// <summary>Classifies a get-or-add or a write that follows a lookup of its key (<paramref name="afterLookup"/>).</summary>
    public WriteIntent Classify(CacheAccess write, bool afterLookup)
    {
        if (write.Operation is ICompoundAssignmentOperation or IIncrementOrDecrementOperation)
        {
            return WriteIntent.Accumulator;
        }

        if (write.Kind != CacheAccessKind.GetOrAdd && !afterLookup || write.Key is null)
        {
            return WriteIntent.Store;
        }

        if (ReadsOldValue(write))
        {
            return WriteIntent.Accumulator;
        }

        var keySymbols = KeySymbols(write);
        var dependsOnKey = false;
        foreach (var factory in write.Factories)
        {
            // A method group or a delegate from elsewhere receives the key: assume it computes from it.
            if (FactoryReturns.GetBody(factory, write.Operation.GetRoot()) is null)
            {
                dependsOnKey = true;
            }
        }

        var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var stored in write.StoredValues)
        {
            if (IsCallerSupplied(stored, keySymbols) || IsFreshMutableObject(stored))
            {
                return WriteIntent.Registry;
            }

            // A constant ('true', 0, a static default) is trivially a function of the key: a set of seen keys grows too.
            dependsOnKey |= IsConstant(stored) || References(stored, keySymbols, seen, hops: 0);
        }

        foreach (var argument in write.FactoryArguments)
        {
            dependsOnKey |= References(argument, keySymbols, seen, hops: 0);
        }

        return dependsOnKey ? WriteIntent.Memo : WriteIntent.Registry;
    }

    /// <summary>The locals and parameters the key is made of (traced through locals), and the factories' key parameters.</summary>
    private static HashSet<ISymbol> KeySymbols(CacheAccess write)
    {
        var symbols = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
        AddSymbols(write.Key!, symbols, hops: 0);
        var root = write.Operation.GetRoot();
        foreach (var factory in write.Factories)
        {
            if (FactoryReturns.GetBody(factory, root) is { } body && Parameters(body) is { Length: > 0 } parameters)
            {
                symbols.Add(parameters[0]);
            }
        }

        return symbols;
    }

    private static void AddSymbols(IOperation expression, HashSet<ISymbol> symbols, int hops)
    {
        foreach (var operation in expression.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IParameterReferenceOperation parameter:
                    symbols.Add(parameter.Parameter);
                    break;
                case ILocalReferenceOperation local when symbols.Add(local.Local) && hops < MaxLocalHops:
                    foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
                    {
                        AddSymbols(assigned, symbols, hops + 1);
                    }

                    break;
            }
        }
    }

    private static System.Collections.Immutable.ImmutableArray<IParameterSymbol> Parameters(IOperation function) => function switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol.Parameters,
        ILocalFunctionOperation local => local.Symbol.Parameters,
        _ => System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty,
    };

    /// <summary>Whether the expression (or a local it reads, traced back) uses a key symbol.</summary>
    private static bool References(IOperation expression, HashSet<ISymbol> keySymbols, HashSet<ILocalSymbol> seen, int hops)
    {
        foreach (var operation in expression.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IParameterReferenceOperation parameter when keySymbols.Contains(parameter.Parameter):
                    return true;
                case ILocalReferenceOperation local when keySymbols.Contains(local.Local):
                    return true;
                case ILocalReferenceOperation local when hops < MaxLocalHops && seen.Add(local.Local):
                    foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
                    {
                        if (References(assigned, keySymbols, seen, hops + 1))
                        {
                            return true;
                        }
                    }

                    if (IsConfiguredWithKey(local.Local, local.GetRoot(), keySymbols, seen, hops)
                        || LocalValues.ForEachCollection(local.Local, local.GetRoot()) is { } collection && References(collection, keySymbols, seen, hops + 1))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// The object a local holds is given the key after it is created: <c>command.CommandText = "… " + id</c>,
    /// <c>command.Parameters.AddWithValue("@id", id)</c>, <c>request.Headers.Add("x-id", id)</c>. What it then
    /// produces (<c>command.ExecuteScalar()</c>) is computed from the key.
    /// </summary>
    private static bool IsConfiguredWithKey(ILocalSymbol local, IOperation root, HashSet<ISymbol> keySymbols, HashSet<ILocalSymbol> seen, int hops)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            // Up through member accesses on the local's object: command.Parameters.AddWithValue(…), command.CommandText = ….
            IOperation current = reference;
            while (current.Parent is { } parent)
            {
                switch (parent)
                {
                    case IAssignmentOperation assignment when assignment.Target == current && current != reference:
                        if (References(assignment.Value, keySymbols, seen, hops + 1))
                        {
                            return true;
                        }

                        break;
                    case IInvocationOperation invocation when invocation.Instance == current:
                        foreach (var argument in invocation.Arguments)
                        {
                            if (References(argument.Value, keySymbols, seen, hops + 1))
                            {
                                return true;
                            }
                        }

                        current = parent;
                        continue;
                    case IMemberReferenceOperation member when member.Instance == current:
                        current = parent;
                        continue;
                }

                break;
            }
        }

        return false;
    }

    private static bool IsConstant(IOperation value)
    {
        value = value.WalkDownConversion();
        if (value is ILocalReferenceOperation local)
        {
            var assignedValues = LocalValues.AssignedValues(local.Local, local.GetRoot()).ToList();
            return assignedValues.Count > 0 && assignedValues.All(v => v.WalkDownConversion() is not ILocalReferenceOperation && IsConstant(v));
        }

        return value.ConstantValue.HasValue || value is IDefaultValueOperation or ITypeOfOperation
            || value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } or { IsConst: true } };
    }

    /// <summary>
    /// The write stores a fresh object whose state is the point (a named counter, a watcher, a per-name queue): the
    /// entry is shared state by design, not a result computed for one caller.
    /// </summary>
    public bool StoresFreshMutableObject(CacheAccess write)
    {
        foreach (var stored in write.StoredValues)
        {
            if (IsFreshMutableObject(stored))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Everything the write stores is a new, empty container or state object, created where it is stored and given
    /// nothing: no initializer and no contents (<c>new()</c>, <c>new ConcurrentBag&lt;T&gt;()</c>, <c>new Queue&lt;T&gt;(16)</c>).
    /// </summary>
    public bool StoresOnlyEmptyObjects(CacheAccess write)
    {
        var stored = write.StoredValues;
        foreach (var value in stored)
        {
            if (StoredExpression(value) is not IObjectCreationOperation { Initializer: null } || !IsFreshMutableObject(value))
            {
                return false;
            }
        }

        return !stored.IsEmpty;
    }

    /// <summary>What is stored, through an assignment expression: <c>s_map[name] = list = new List&lt;T&gt;()</c> stores the new list.</summary>
    private static IOperation StoredExpression(IOperation value)
    {
        value = value.WalkDownConversion();
        while (value is ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment)
        {
            value = assignment.Value.WalkDownConversion();
        }

        return value;
    }

    /// <summary>The value is a parameter of the writing method that is not part of the key: <c>Register(name, handler)</c>.</summary>
    private static bool IsCallerSupplied(IOperation value, HashSet<ISymbol> keySymbols)
        => value.WalkDownConversion() is IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } } parameter }
           && !keySymbols.Contains(parameter);

    /// <summary>
    /// A fresh object whose state changes after it is stored: an empty collection, or a type of this compilation with
    /// a settable field or property (a named counter, sequence or per-name state).
    /// </summary>
    private bool IsFreshMutableObject(IOperation value)
    {
        value = StoredExpression(value);
        if (value is ILocalReferenceOperation local)
        {
            // 'var sequence = new Sequence(name); s_sequences.TryAdd(name, sequence);': the local holds the fresh object.
            foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
            {
                if (assigned.WalkDownConversion() is IObjectCreationOperation && IsFreshMutableObject(assigned))
                {
                    return true;
                }
            }

            return false;
        }

        if (value is not IObjectCreationOperation { Type: INamedTypeSymbol type } creation)
        {
            return false;
        }

        if (type.AllInterfaces.Contains(_enumerable, SymbolEqualityComparer.Default) && type.SpecialType != SpecialType.System_String)
        {
            return creation.Initializer is null && creation.Arguments.All(a => a.Value.Type?.AllInterfaces.Contains(_enumerable, SymbolEqualityComparer.Default) != true);
        }

        if (!type.Locations.Any(l => l.IsInSource))
        {
            return false;
        }

        for (var current = type; current is not null && current.Locations.Any(l => l.IsInSource); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsReadOnly: false, IsConst: false, AssociatedSymbol: null }:
                    case IPropertySymbol { IsStatic: false, SetMethod: { IsInitOnly: false } }:
                        return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>AddOrUpdate(key, add, (k, old) =&gt; old + 1)</c>, or a value that reads the cache's own entry for the key.</summary>
    private static bool ReadsOldValue(CacheAccess write)
    {
        // The update factory reads the old value as its second parameter: the second of two factories
        // ('AddOrUpdate(k, add, (k, old) => …)'), or a lone one that is an update factory
        // ('AddOrUpdate(name, 1, (_, n) => n + 1)'); a get-or-add's '(key, arg)' factory is not one.
        var root = write.Operation.GetRoot();
        for (var i = 0; i < write.Factories.Length; i++)
        {
            if (FactoryReturns.GetBody(write.Factories[i], root) is { } body && Parameters(body) is { Length: >= 2 } parameters
                && (i > 0 || IsUpdateFactory(write.Factories[i]))
                && body.Descendants().OfType<IParameterReferenceOperation>().Any(p => SymbolEqualityComparer.Default.Equals(p.Parameter, parameters[1])))
            {
                return true;
            }
        }

        foreach (var value in write.Values)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation or IPropertyReferenceOperation { Property.IsIndexer: true }
                    && ReferencesCache(operation, write.Cache.Symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A delegate parameter whose second argument is the collection's own value type parameter (<c>Func&lt;TKey, TValue,
    /// TValue&gt;</c>): it receives the stored value. A get-or-add's <c>Func&lt;TKey, TArg, TValue&gt;</c> receives the
    /// method's own <c>TArg</c> instead.
    /// </summary>
    private static bool IsUpdateFactory(IOperation factory)
        => factory.Parent is IArgumentOperation { Parameter: { } parameter }
           && parameter.OriginalDefinition.Type is INamedTypeSymbol { DelegateInvokeMethod.Parameters: { Length: >= 2 } delegateParameters }
           && delegateParameters[1].Type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type };

    private static bool ReferencesCache(IOperation access, ISymbol cache)
    {
        var receiver = access switch
        {
            IInvocationOperation invocation => invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null),
            IPropertyReferenceOperation property => property.Instance,
            _ => null,
        };
        return SymbolEqualityComparer.Default.Equals(CacheAliases.Resolve(receiver), cache);
    }
}
