using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Answers "is this value the very object a cache holds?": what a read returns (the result of an indexer get,
/// <c>GetOrAdd</c>, <c>GetOrCreate</c>, <c>Get&lt;T&gt;</c>, the <c>out</c> value of <c>TryGetValue</c>) and the miss
/// path, where a local is created, stored into the cache and then used (<c>v = Build(); s_cache[k] = v; return v;</c>).
/// Locals are followed through plain copies (<c>var w = v;</c>) and declaration patterns (<c>is List&lt;T&gt; list</c>),
/// flow-insensitively within the member: a copy (<c>v.ToList()</c>, <c>new List&lt;T&gt;(v)</c>) is a new object, not an alias.
/// </summary>
internal sealed class CachedValueOrigins
{
    private const int MaxDepth = 8;

    private readonly CacheModel _model;
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _valueTask;

    // One member's local facts, built once however many of its returns are traced (read-only once built).
    private readonly ConditionalWeakTable<IOperation, LocalFacts> _localFacts = new();
    private readonly ConditionalWeakTable<IOperation, LocalFacts>.CreateValueCallback _createLocalFacts;

    public CachedValueOrigins(CacheModel model)
    {
        _createLocalFacts = root => new LocalFacts(this, root);
        _model = model;
        _task = model.Compilation.GetWellKnownType(WellKnownTypeNames.Task);
        _valueTask = model.Compilation.GetWellKnownType(WellKnownTypeNames.ValueTask);
    }

    /// <summary>
    /// The cache access whose cached object <paramref name="value"/> is: a read or get-or-add that returns it, or a write
    /// that stores the local it is read from. Conditional (<c>?:</c>, <c>??</c>, <c>switch</c>) and awaited values count
    /// when any branch is cached.
    /// </summary>
    public bool TryFind(IOperation value, [NotNullWhen(true)] out CacheAccess? origin)
    {
        origin = Find(value, locals: null, depth: 0);
        return origin is not null;
    }

    /// <summary>
    /// The value a read access hands back, when it hands one back: the access itself for an indexer get, <c>GetOrAdd</c>,
    /// <c>GetOrCreate</c>, <c>Get</c>, <c>??=</c>; the <c>out</c> argument of <c>TryGetValue</c>; null for a probe or a write.
    /// </summary>
    public IOperation? GetReturnedValue(CacheAccess access)
    {
        if (access.Kind is not (CacheAccessKind.Read or CacheAccessKind.GetOrAdd))
        {
            return null;
        }

        if (access.Operation is IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind == RefKind.Out)
                {
                    return argument.Value;
                }
            }

            return ReturnsCachedValue(invocation.TargetMethod) ? invocation : null;
        }

        return access.Operation;
    }

    private CacheAccess? Find(IOperation value, LocalFacts? locals, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversion();
        switch (value)
        {
            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return Find(conditional.WhenTrue, locals, depth + 1) ?? Find(conditional.WhenFalse, locals, depth + 1);
            case ICoalesceOperation coalesce:
                return Find(coalesce.Value, locals, depth + 1) ?? Find(coalesce.WhenNull, locals, depth + 1);
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (Find(arm.Value, locals, depth + 1) is { } fromArm)
                    {
                        return fromArm;
                    }
                }

                return null;
            case IAwaitOperation awaited:
                return Find(awaited.Operation, locals, depth + 1);
            case IInvocationOperation or IPropertyReferenceOperation { Property.IsIndexer: true } or ICoalesceAssignmentOperation:
                return FromAccess(value);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment:
                // 'return s_cache[k] = Build();' returns what it stores.
                return _model.TryGetAccess(indexer, out var store) && store.IsWrite ? store : Find(assignment.Value, locals, depth + 1);
            case ILocalReferenceOperation local:
                locals ??= _localFacts.GetValue(value.GetRoot(), _createLocalFacts);
                return locals.Find(local, depth + 1);
            default:
                return null;
        }
    }

    private CacheAccess? FromAccess(IOperation operation)
    {
        if (operation is ICoalesceAssignmentOperation { Target: IPropertyReferenceOperation indexer })
        {
            operation = indexer;
        }

        if (!_model.TryGetAccess(operation, out var access))
        {
            return null;
        }

        // The access must hand back the cached object itself, not a bool or a wrapper.
        return GetReturnedValue(access) == access.Operation || access.Kind == CacheAccessKind.Write && ReturnsStoredValue(access)
            ? access
            : null;
    }

    /// <summary>A write that returns what it stores: <c>MemoryCache.Set&lt;TItem&gt;(key, value)</c> returns <c>value</c>.</summary>
    private static bool ReturnsStoredValue(CacheAccess access)
        => access.Operation is IInvocationOperation { TargetMethod: var method }
           && method.OriginalDefinition.ReturnType is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method };

    /// <summary>Reads and get-or-adds that return the value (not <c>bool</c> or a wrapper such as <c>CacheItem</c>).</summary>
    private bool ReturnsCachedValue(IMethodSymbol method)
    {
        var returnType = method.OriginalDefinition.ReturnType;
        if (returnType is ITypeParameterSymbol || returnType.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        // GetOrCreateAsync returns Task<TItem>: awaited, it is the value.
        return returnType is INamedTypeSymbol { TypeArguments.Length: 1 } task
            && task.TypeArguments[0] is ITypeParameterSymbol
            && (SymbolEqualityComparer.Default.Equals(task.OriginalDefinition, _task) || SymbolEqualityComparer.Default.Equals(task.OriginalDefinition, _valueTask));
    }

    /// <summary>
    /// Where each local of one member gets its value from: assignments, out arguments, declaration patterns, and the cache
    /// writes that store it. Built with one walk over the member, only when a traced value is a local.
    /// </summary>
    private sealed class LocalFacts
    {
        private readonly CachedValueOrigins _owner;
        private readonly Dictionary<ILocalSymbol, List<IOperation>> _sources = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, CacheAccess> _outOrigins = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, CacheAccess> _storedIn = new(SymbolEqualityComparer.Default);
        private readonly List<(ILocalSymbol Local, CacheAccess Access)> _allStores = new();
        private readonly Dictionary<ILocalSymbol, List<ILocalSymbol>> _aliases = new(SymbolEqualityComparer.Default);

        public LocalFacts(CachedValueOrigins owner, IOperation root)
        {
            _owner = owner;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } initial } declarator:
                        AddSource(declarator.Symbol, initial);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        AddSource(target.Local, assignment.Value);
                        break;
                    case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation target } coalesce:
                        AddSource(target.Local, coalesce.Value);
                        break;
                    case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern when PatternInput(pattern) is { } input:
                        AddSource(declared, input);
                        break;
                    case IInvocationOperation or IPropertyReferenceOperation { Property.IsIndexer: true }:
                        if (owner._model.TryGetAccess(operation, out var access))
                        {
                            AddAccess(access);
                        }

                        break;
                }
            }
        }

        public CacheAccess? Find(ILocalReferenceOperation reference, int depth)
        {
            // 'v = new List<T>(v); return v;': the last straight-line assignment before the read decides, plus any later store.
            if (DominatingAssignment(reference) is { } last)
            {
                return _owner.Find(last.Value, this, depth) ?? StoredAfter(reference.Local, last.Position, reference.Syntax.SpanStart);
            }

            return Find(reference.Local, depth);
        }

        private CacheAccess? Find(ILocalSymbol local, int depth)
        {
            // Every local that may hold the same object: plain copies, in either direction.
            var group = new List<ILocalSymbol> { local };
            var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default) { local };
            for (var i = 0; i < group.Count; i++)
            {
                if (_aliases.TryGetValue(group[i], out var linked))
                {
                    foreach (var alias in linked)
                    {
                        if (seen.Add(alias))
                        {
                            group.Add(alias);
                        }
                    }
                }
            }

            foreach (var member in group)
            {
                if (_outOrigins.TryGetValue(member, out var read) || _storedIn.TryGetValue(member, out read))
                {
                    return read;
                }
            }

            foreach (var member in group)
            {
                if (!_sources.TryGetValue(member, out var sources))
                {
                    continue;
                }

                foreach (var source in sources)
                {
                    if (source.WalkDownConversion() is not ILocalReferenceOperation && _owner.Find(source, this, depth) is { } origin)
                    {
                        return origin;
                    }
                }
            }

            return null;
        }

        /// <summary>A store of <paramref name="local"/> into a cache between two positions of the member (the miss path after a reassignment).</summary>
        private CacheAccess? StoredAfter(ILocalSymbol local, int start, int end)
        {
            foreach (var (stored, access) in _allStores)
            {
                var position = access.Operation.Syntax.SpanStart;
                if (position > start && position < end && SymbolEqualityComparer.Default.Equals(stored, local))
                {
                    return access;
                }
            }

            return null;
        }

        /// <summary>
        /// The assignment <c>local = value;</c> that every path to <paramref name="reference"/> runs last: a statement of an
        /// enclosing block before the read, with no statement in between that may assign the local (a branch, a loop, an
        /// <c>out</c> argument). Null when there is none, or when the assignment's value is itself a local (an alias).
        /// </summary>
        private static (IOperation Value, int Position)? DominatingAssignment(ILocalReferenceOperation reference)
        {
            IOperation current = reference;
            while (current.Parent is { } parent)
            {
                if (parent is IBlockOperation block)
                {
                    var index = block.Operations.IndexOf(current);
                    for (var i = index - 1; i >= 0; i--)
                    {
                        var statement = block.Operations[i];
                        if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }
                            && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local))
                        {
                            return assignment.Value.WalkDownConversion() is ILocalReferenceOperation ? null : (assignment.Value, statement.Syntax.SpanStart);
                        }

                        if (MayAssign(statement, reference.Local))
                        {
                            return null;
                        }
                    }
                }

                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return null;
                }

                current = parent;
            }

            return null;
        }

        private static bool MayAssign(IOperation statement, ILocalSymbol local)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        return true;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local)
                        && (reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
                            || reference.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref }
                            || reference.Parent is IDeclarationExpressionOperation):
                        return true;
                }
            }

            return false;
        }

        private void AddSource(ILocalSymbol local, IOperation value)
        {
            if (!_sources.TryGetValue(local, out var list))
            {
                _sources[local] = list = new List<IOperation>();
            }

            list.Add(value);
            if (value.WalkDownConversion() is ILocalReferenceOperation other)
            {
                Link(local, other.Local);
                Link(other.Local, local);
            }
        }

        private void Link(ILocalSymbol from, ILocalSymbol to)
        {
            if (!_aliases.TryGetValue(from, out var list))
            {
                _aliases[from] = list = new List<ILocalSymbol>();
            }

            list.Add(to);
        }

        private void AddAccess(CacheAccess access)
        {
            if (_owner.GetReturnedValue(access) is { } returned && access.Operation is IInvocationOperation && returned != access.Operation
                && LocalOf(returned) is { } outLocal)
            {
                _outOrigins[outLocal] = access; // TryGetValue(key, out var v)
            }

            if (access.IsWrite)
            {
                foreach (var stored in access.Values)
                {
                    if (LocalOf(stored) is { } storedLocal)
                    {
                        _allStores.Add((storedLocal, access));
                        if (!_storedIn.ContainsKey(storedLocal))
                        {
                            _storedIn[storedLocal] = access; // s_cache[k] = v; s_cache.Add(k, v); s_cache.Set(k, v)
                        }
                    }
                }
            }
        }

        private static ILocalSymbol? LocalOf(IOperation operation) => operation.WalkDownConversion() switch
        {
            ILocalReferenceOperation local => local.Local,
            IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
            _ => null,
        };

        /// <summary>The value a declaration pattern tests: <c>cache.Get(k)</c> in <c>cache.Get(k) is List&lt;T&gt; list</c>.</summary>
        private static IOperation? PatternInput(IOperation pattern)
        {
            var current = pattern;
            while (current.Parent is IPatternOperation)
            {
                current = current.Parent; // 'not null and List<T> list', nested patterns
            }

            return current.Parent switch
            {
                IIsPatternOperation isPattern => isPattern.Value,
                ISwitchExpressionOperation switchExpression => switchExpression.Value,
                _ => null,
            };
        }
    }
}
