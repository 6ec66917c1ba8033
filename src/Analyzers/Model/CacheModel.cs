using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The one place that knows what a cache is: which symbols hold caches, which operations read, write or shrink
/// them, what a write stores and whether it is memoisation. Every SafeCache rule consumes it.
/// One model per compilation is shared by every analyzer and code fix (<see cref="For"/>): the types it resolves
/// and the accesses it classifies are computed once, not once per rule.
/// </summary>
internal sealed class CacheModel
{
    /// <summary>The operation kinds <see cref="TryGetAccess"/> understands: register these to see every cache access.</summary>
    public static readonly ImmutableArray<OperationKind> AccessOperationKinds = ImmutableArray.Create(OperationKind.Invocation, OperationKind.PropertyReference);

    // One model per compilation and options provider; the table holds neither alive.
    private static readonly ConditionalWeakTable<Compilation, SharedModels> Models = new();

    private readonly Lazy<TypeClassifier> _typeClassifier;
    private readonly Lazy<CachedValueOrigins> _valueOrigins;
    private readonly Lazy<NameLookups> _nameLookups;
    private readonly Lazy<ExternalInputs> _externalInputs;

    // The classification of each operation that names a cache member, shared by the rules (five ask about each one);
    // keyed weakly so that the operation trees are not kept alive by the model.
    private readonly ConditionalWeakTable<IOperation, AccessEntry> _accesses = new();
    private readonly ConditionalWeakTable<IOperation, CacheAccess[]> _lookupsByRoot = new();
    private readonly ConditionalWeakTable<IOperation, AccessEntry>.CreateValueCallback _classify;
    private readonly ConditionalWeakTable<IOperation, CacheAccess[]>.CreateValueCallback _collectLookups;

    // One catalog and one key domain per distinct configured type list (the options hand out one array per value).
    private readonly ConcurrentDictionary<ImmutableArray<INamedTypeSymbol>, CacheTypeCatalog> _catalogs = new();
    private readonly ConcurrentDictionary<ImmutableArray<INamedTypeSymbol>, BoundedKeyDomain> _boundedKeyDomains = new();
    private readonly Func<ImmutableArray<INamedTypeSymbol>, CacheTypeCatalog> _createCatalog;
    private readonly Func<ImmutableArray<INamedTypeSymbol>, BoundedKeyDomain> _createBoundedKeyDomain;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _declaresCache = new(SymbolKeyComparer.Instance);
    private readonly Func<INamedTypeSymbol, bool> _computeDeclaresCache;

    private CacheModel(Compilation compilation, CacheModelOptions options)
    {
        _classify = Classify;
        _collectLookups = CollectLookups;
        _createCatalog = types => new CacheTypeCatalog(compilation, types);
        _createBoundedKeyDomain = types => new BoundedKeyDomain(compilation, types);
        _computeDeclaresCache = ComputeDeclaresCache;
        Compilation = compilation;
        Options = options;
        Types = _catalogs.GetOrAdd(options.Global.AdditionalCacheTypes, _createCatalog);
        WellKnownTypes = new WellKnownTypes(compilation);
        ThisCapture = new ThisCapture(WellKnownTypes);
        _writes = new WriteClassifier(compilation);
        _typeClassifier = new Lazy<TypeClassifier>(() => new TypeClassifier(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _nameLookups = new Lazy<NameLookups>(() => new NameLookups(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _externalInputs = new Lazy<ExternalInputs>(() => new ExternalInputs(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        _valueOrigins = new Lazy<CachedValueOrigins>(() => new CachedValueOrigins(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly WriteClassifier _writes;

    public Compilation Compilation { get; }

    /// <summary>Request data, console and file input: keys that grow with the traffic (SC0003's evidence).</summary>
    public ExternalInputs ExternalInputs => _externalInputs.Value;

    /// <summary>The <c>safecache.*</c> settings: global ones read at creation, a file's own read on first use.</summary>
    public CacheModelOptions Options { get; }

    /// <summary>
    /// The cache types every file shares: the built-in ones and those configured globally. A file's
    /// <c>.editorconfig</c> section may add types for that file (<see cref="TypesFor(SyntaxTree)"/>).
    /// </summary>
    public CacheTypeCatalog Types { get; }

    public WellKnownTypes WellKnownTypes { get; }

    /// <summary>Answers "does this value hold a strong reference to <c>this</c>?".</summary>
    public ThisCapture ThisCapture { get; }

    /// <summary>Mutable collection, immutable, mutable class, identity-compared, read-only view: built on first use.</summary>
    public TypeClassifier TypeClassifier => _typeClassifier.Value;

    /// <summary>What a read returns and where a returned value came from: built on first use.</summary>
    public CachedValueOrigins ValueOrigins => _valueOrigins.Value;

    /// <summary>
    /// The compilation's model, created on first use and shared by every analyzer and code fix that asks with the
    /// same <c>.editorconfig</c> options.
    /// </summary>
    public static CacheModel For(Compilation compilation, AnalyzerOptions options)
        => Models.GetValue(compilation, static _ => new SharedModels()).Get(compilation, options);

    /// <summary>
    /// The cache types of one file: <see cref="Types"/> plus the <c>safecache.additional_cache_types</c> of the file's
    /// <c>.editorconfig</c> sections. Reads that file's options on first use; null (metadata) gives <see cref="Types"/>.
    /// </summary>
    public CacheTypeCatalog TypesFor(SyntaxTree? tree) => _catalogs.GetOrAdd(Options.For(tree).AdditionalCacheTypes, _createCatalog);

    /// <summary>
    /// The cache types that decide whether <paramref name="symbol"/> holds a cache: those of the file that declares it.
    /// So a field is a cache, or not, for every file that uses it.
    /// </summary>
    public CacheTypeCatalog TypesFor(ISymbol symbol) => TypesFor(DeclaringTree(symbol));

    /// <summary>
    /// The bounded key domain of one file: the built-in bounded types plus the <c>safecache.bounded_key_types</c> that
    /// apply to it. A key is judged with the domain of the file where it is written.
    /// </summary>
    public BoundedKeyDomain BoundedKeysFor(SyntaxTree? tree) => _boundedKeyDomains.GetOrAdd(Options.For(tree).BoundedKeyTypes, _createBoundedKeyDomain);

    /// <summary>The cache held by a field, property, local or parameter; null when its type is not a cache.</summary>
    public CacheSymbol? GetCacheSymbol(ISymbol? symbol) => GetCacheSymbol(symbol, out _);

    private CacheSymbol? GetCacheSymbol(ISymbol? symbol, out CacheTypeCatalog types)
    {
        var type = symbol switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol { IsIndexer: false } property => property.Type,
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };

        // Only a named class, struct or interface can be configured: an int, a string or an anonymous type never costs an options lookup.
        types = type is not null && MayBeConfigured(type) ? TypesFor(symbol!) : Types;
        return type is not null && types.Classify(type) is { } cacheType ? new CacheSymbol(symbol!, cacheType) : null;
    }

    /// <summary>
    /// True when the type declares a field or property that holds a cache. Only members of such types can store or
    /// return cached values, so per-call work (tracing a caller's locals, judging a helper's uses) is spent on them
    /// alone. Decided once per type.
    /// </summary>
    public bool DeclaresCache(INamedTypeSymbol type) => _declaresCache.GetOrAdd(type.OriginalDefinition, _computeDeclaresCache);

    private bool ComputeDeclaresCache(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol or IPropertySymbol && GetCacheSymbol(member) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayBeConfigured(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface, SpecialType: SpecialType.None, IsTupleType: false, IsAnonymousType: false };

    private static SyntaxTree? DeclaringTree(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.SourceTree is { } tree)
            {
                return tree;
            }
        }

        return null;
    }

    /// <summary>
    /// Recognises an access to a cache held in a field, property, local or parameter. Accepts invocations and indexer
    /// references; for an indexer assignment, <see cref="CacheAccess.Operation"/> is the whole assignment.
    /// </summary>
    public bool TryGetAccess(IOperation operation, [NotNullWhen(true)] out CacheAccess? access)
    {
        // The common case, a call or property that is no cache member, leaves after one role lookup.
        var member = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation { Property: { IsIndexer: true } indexer } => indexer,
            _ => (ISymbol?)null,
        };
        // A member with a built-in or globally configured role, or one a file's configured type could give a role.
        if (member is null || !(Types.TryGetRole(member, out _) || Types.HasRoleName(member) && member.ContainingType is { } owner && MayBeConfigured(owner)))
        {
            access = null;
            return false;
        }

        access = _accesses.GetValue(operation, _classify).Access;
        return access is not null;
    }

    private AccessEntry Classify(IOperation operation)
        => new(operation is IInvocationOperation invocation ? FromInvocation(invocation) : FromIndexer((IPropertyReferenceOperation)operation));

    /// <summary>
    /// Recognises the creation of a cache (<c>new Dictionary&lt;K, V&gt;(comparer)</c>, <c>new()</c>): its key comparer
    /// and where it is stored. Code fixes find a declaration's creation with <c>SemanticModel.GetOperation</c> and ask here.
    /// A configured type is recognised in the files whose settings configure it.
    /// </summary>
    public bool TryGetCreation(IOperation operation, [NotNullWhen(true)] out CacheCreation? creation)
        => CacheCreation.TryCreate(
            operation,
            operation.Type is { } type && MayBeConfigured(type) ? TypesFor(operation.Syntax.SyntaxTree) : Types,
            WellKnownTypes,
            out creation);

    /// <summary>Every cache access below <paramref name="root"/>, in source order.</summary>
    public IEnumerable<CacheAccess> GetAccesses(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (TryGetAccess(operation, out var access))
            {
                yield return access;
            }
        }
    }

    /// <summary>
    /// True when a write memoises: a get-or-add, or a write that follows a lookup of the same key on the same cache
    /// in the same member (<c>TryGetValue</c>/<c>ContainsKey</c> miss, then <c>Add</c>/indexer set/<c>TryAdd</c>/<c>Set</c>),
    /// that stores a value computed from the key. Unconditional writes such as a registry's <c>Register(name, handler)</c>,
    /// registries behind a lookup and accumulators are not memoisation (<see cref="ClassifyWrite"/>).
    /// </summary>
    public bool IsMemoWrite(CacheAccess write) => ClassifyWrite(write) == WriteIntent.Memo;

    /// <summary>Why the write stores what it stores: memo, registry, accumulator or a plain store.</summary>
    public WriteIntent ClassifyWrite(CacheAccess write)
        => write.IsWrite ? _writes.Classify(write, write.Kind == CacheAccessKind.Write && FollowsLookupOfItsKey(write)) : WriteIntent.Store;

    /// <summary>
    /// The write stores a fresh object whose own state is the point (a named counter or sequence, a file watcher per
    /// factory): per-key shared state by design, which neither grows a memo nor serves one instance's result to another.
    /// </summary>
    public bool StoresFreshState(CacheAccess write) => write.IsWrite && _writes.StoresFreshMutableObject(write);

    /// <summary>
    /// The write stores only new, empty containers or state objects, as they are created (<c>GetOrAdd(key, _ =&gt; new
    /// ConcurrentBag&lt;T&gt;())</c>): a per-key pool or registry. An entry that starts empty is only ever filled by its
    /// users, so handing it out to be changed is the design, not a leak of a computed result. Unlike
    /// <see cref="StoresFreshState"/>, a local is not followed: a factory that fills a local list computes a value.
    /// </summary>
    public bool StoresEmptyState(CacheAccess write) => write.IsWrite && _writes.StoresOnlyEmptyObjects(write);

    /// <summary>
    /// The write stores only what a throwing framework lookup resolves the key to (<c>Type.GetType(name, throwOnError:
    /// true)</c>, <c>Assembly.Load(name)</c>): one entry per type or assembly that exists, however the names arrive.
    /// </summary>
    public bool StoresOnlyResolvedNames(CacheAccess write) => write.IsWrite && _nameLookups.Value.StoresOnlyResolvedNames(write);

    private bool FollowsLookupOfItsKey(CacheAccess write)
    {
        if (write.Key is null)
        {
            return false;
        }

        var writeStart = write.Operation.Syntax.SpanStart;
        foreach (var candidate in _lookupsByRoot.GetValue(write.Operation.GetRoot(), _collectLookups))
        {
            if (candidate.Operation.Syntax.SpanStart < writeStart
                && candidate.Key is not null
                && SymbolEqualityComparer.Default.Equals(candidate.Cache.Symbol, write.Cache.Symbol)
                && KeyComparison.AreEquivalent(candidate.Key, write.Key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lookups of a member body, collected once however many writes it has (was one walk per write).</summary>
    private CacheAccess[] CollectLookups(IOperation root)
    {
        var lookups = new List<CacheAccess>();
        foreach (var access in GetAccesses(root))
        {
            if (access.Kind.IsLookup() && access.Key is not null)
            {
                lookups.Add(access);
            }
        }

        return lookups.ToArray();
    }

    private CacheAccess? FromInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;

        // Extension methods (CacheExtensions.Set, CollectionExtensions.TryAdd) carry the cache as their first argument.
        // The role comes from the catalog that made the receiver a cache (its declaring file's).
        var isUnreducedExtension = method.IsExtensionMethod && method.ReducedFrom is null && invocation.Instance is null;
        var receiver = isUnreducedExtension ? ArgumentAt(invocation.Arguments, 0) : invocation.Instance;
        var cache = GetCacheSymbol(CacheAliases.Resolve(receiver), out var types);
        if (cache is null || !types.TryGetRole(method, out var kind))
        {
            return null;
        }

        var definition = method.OriginalDefinition;
        var firstOrdinal = isUnreducedExtension ? 1 : 0;

        IOperation? owner = null;
        var keyOrdinal = firstOrdinal;
        if (cache.Type.HasWeakOwner)
        {
            owner = ArgumentAt(invocation.Arguments, firstOrdinal);
            keyOrdinal++;
        }

        var takesKey = kind != CacheAccessKind.Shrink && definition.Parameters.Length > keyOrdinal;
        var key = takesKey ? ArgumentAt(invocation.Arguments, keyOrdinal) : null;

        var values = ImmutableArray.CreateBuilder<IOperation>();
        var factories = ImmutableArray.CreateBuilder<IOperation>();
        if (kind.IsWrite())
        {
            foreach (var parameter in definition.Parameters)
            {
                if (parameter.Ordinal <= keyOrdinal || parameter.RefKind != RefKind.None
                    || ArgumentAt(invocation.Arguments, parameter.Ordinal) is not { } argument)
                {
                    continue;
                }

                if (IsValueFactory(parameter.Type))
                {
                    factories.Add(argument);
                }
                else if (IsStoredValue(parameter.Type, definition))
                {
                    values.Add(argument);
                }
            }
        }

        return new CacheAccess(
            invocation,
            cache,
            kind,
            key,
            owner,
            values.ToImmutable(),
            factories.ToImmutable(),
            FactoryReturns.Collect(factories, invocation.GetRoot()));
    }

    private CacheAccess? FromIndexer(IPropertyReferenceOperation indexer)
    {
        var cache = GetCacheSymbol(CacheAliases.Resolve(indexer.Instance), out var types);
        if (cache is null || !types.TryGetRole(indexer.Property, out _))
        {
            return null;
        }

        var key = ArgumentAt(indexer.Arguments, 0);
        var (operation, kind, values) = indexer.Parent switch
        {
            ISimpleAssignmentOperation assignment when assignment.Target == indexer
                => ((IOperation)assignment, CacheAccessKind.Write, ImmutableArray.Create(assignment.Value)),
            ICoalesceAssignmentOperation coalesce when coalesce.Target == indexer
                => (coalesce, CacheAccessKind.GetOrAdd, ImmutableArray.Create(coalesce.Value)),
            ICompoundAssignmentOperation compound when compound.Target == indexer
                => (compound, CacheAccessKind.Write, ImmutableArray.Create(compound.Value)),
            IIncrementOrDecrementOperation increment
                => (increment, CacheAccessKind.Write, ImmutableArray<IOperation>.Empty),
            _ => (indexer, CacheAccessKind.Read, ImmutableArray<IOperation>.Empty),
        };

        return new CacheAccess(operation, cache, kind, key, owner: null, values, ImmutableArray<IOperation>.Empty, ImmutableArray<IOperation>.Empty);
    }

    private static IOperation? ArgumentAt(ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>A delegate that produces a value (<c>Func&lt;TKey, TValue&gt;</c>, <c>CreateValueCallback</c>): its results are stored.</summary>
    private static bool IsValueFactory(ITypeSymbol type)
        => type is INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: false } };

    /// <summary>
    /// A parameter holds the stored value when its type is the cache's value type parameter, the method's own
    /// result type parameter (<c>Set&lt;TItem&gt;(key, TItem value)</c>) or <c>object</c> on a non-generic cache.
    /// A <c>TArg</c> passed through to a factory is not stored.
    /// </summary>
    private static bool IsStoredValue(ITypeSymbol parameterType, IMethodSymbol definition)
    {
        switch (parameterType)
        {
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } typeParameter:
                var owner = typeParameter.DeclaringType;
                return owner is not null && owner.TypeParameters.Length > 0
                    && SymbolEqualityComparer.Default.Equals(owner.TypeParameters[owner.TypeParameters.Length - 1], typeParameter);
            case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method }:
                return SymbolEqualityComparer.Default.Equals(definition.ReturnType, parameterType);
            default:
                return parameterType.SpecialType == SpecialType.System_Object;
        }
    }

    /// <summary>A classified operation: its access, or null when it names a cache member on something that is no cache.</summary>
    private sealed class AccessEntry
    {
        public AccessEntry(CacheAccess? access) => Access = access;

        public CacheAccess? Access { get; }
    }

    /// <summary>
    /// The models of one compilation. Analyzers of one build share one options provider, so this holds one model;
    /// a code fix with the same project options finds it too.
    /// </summary>
    private sealed class SharedModels
    {
        private readonly object _gate = new();
        private (AnalyzerConfigOptionsProvider Provider, CacheModel Model)[] _models = Array.Empty<(AnalyzerConfigOptionsProvider, CacheModel)>();

        public CacheModel Get(Compilation compilation, AnalyzerOptions options)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            var models = Volatile.Read(ref _models);
            foreach (var (known, model) in models)
            {
                if (ReferenceEquals(known, provider))
                {
                    return model;
                }
            }

            lock (_gate)
            {
                foreach (var (known, model) in _models)
                {
                    if (ReferenceEquals(known, provider))
                    {
                        return model;
                    }
                }

                var created = new CacheModel(compilation, new CacheModelOptions(compilation, provider));
                var grown = new (AnalyzerConfigOptionsProvider, CacheModel)[_models.Length + 1];
                Array.Copy(_models, grown, _models.Length);
                grown[_models.Length] = (provider, created);
                Volatile.Write(ref _models, grown);
                return created;
            }
        }
    }
}
