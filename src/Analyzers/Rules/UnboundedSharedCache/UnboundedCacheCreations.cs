using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>
/// The SC0003 shapes of a cache's creation: a process-wide <c>MemoryCache</c> without <c>SizeLimit</c>, and SafeCache's
/// own caches created with <c>int.MaxValue</c> as capacity (reported at once). A <c>MemoryCache</c> whose every write
/// in the compilation gives the entry an expiration is bounded by time, so its finding waits for the compilation's
/// end, where it is a warning or, for expiring entries, a suggestion. Symbols are resolved once per compilation.
/// </summary>
internal sealed class UnboundedCacheCreations
{
    private readonly INamedTypeSymbol? _memoryCache;
    private readonly INamedTypeSymbol? _memoryCacheOptions;
    private readonly ISymbol? _sizeLimit;
    private readonly ImmutableHashSet<ISymbol> _optionsCreate;
    private readonly ImmutableHashSet<ISymbol> _addMemoryCache;
    private readonly ImmutableHashSet<ISymbol> _addSingleton;
    private readonly CacheTypeCatalog _cacheTypes;
    private readonly ImmutableHashSet<ISymbol> _memoizeLru;
    private readonly EntryExpiration _expiration;

    // Findings wait for the writes; writes are tallied per static holder, or in one tally for the service container.
    private readonly ConcurrentQueue<PendingFinding> _pending = new();
    private readonly ConcurrentDictionary<ISymbol, WriteTally> _writesByHolder = new(SymbolKeyComparer.Instance);
    private readonly WriteTally _containerWrites = new();

    public UnboundedCacheCreations(Compilation compilation, CacheTypeCatalog cacheTypes)
    {
        _cacheTypes = cacheTypes;
        _expiration = new EntryExpiration(compilation);
        _memoryCache = compilation.GetWellKnownType(WellKnownTypeNames.MemoryCache);
        _memoryCacheOptions = compilation.GetWellKnownType(WellKnownTypeNames.MemoryCacheOptions);
        _sizeLimit = _memoryCacheOptions?.GetMembers("SizeLimit").FirstOrDefault();
        _optionsCreate = TypeSet.ResolveMembers(compilation, ("Microsoft.Extensions.Options.Options", new[] { "Create" }));
        _addMemoryCache = TypeSet.ResolveMembers(compilation, ("Microsoft.Extensions.DependencyInjection.MemoryCacheServiceCollectionExtensions", new[] { "AddMemoryCache" }));
        _addSingleton = TypeSet.ResolveMembers(compilation, ("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions", new[] { "AddSingleton" }));
        _memoizeLru = TypeSet.ResolveMembers(compilation, ("SafeCache.Memoize", new[] { "Lru" }));
    }

    public void AnalyzeObjectCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type?.OriginalDefinition;
        if (type is null)
        {
            return;
        }

        // SafeCache's own caches are known to the cache model; the MemoryCache check stays exact on purpose: the
        // model's MemoryCache kind also covers other IMemoryCache implementations, whose bounds we cannot see.
        if (_cacheTypes.Classify(creation.Type!)?.Kind is CacheKind.LruCache or CacheKind.WeakLruCache)
        {
            ReportMaxValueCapacity(context, creation.Arguments, creation.Type!);
        }
        else if (Is(type, _memoryCache) && !SetsSizeLimit(creation) && DescribeLongLivedHolder(creation) is { } holder)
        {
            _pending.Enqueue(new PendingFinding(holder.Symbol?.OriginalDefinition, holder.Location, holder.Description));
        }
    }

    public void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod.OriginalDefinition;
        if (_memoizeLru.Contains(method))
        {
            ReportMaxValueCapacity(context, invocation.Arguments, invocation.TargetMethod);
        }
        else if (_addMemoryCache.Contains(method) && !SetupSetsSizeLimit(invocation))
        {
            _pending.Enqueue(new PendingFinding(null, invocation.Syntax.GetLocation(), "'" + invocation.TargetMethod.Name + "()'"));
        }
    }

    /// <summary>
    /// A write to a <c>MemoryCache</c>: a static field or property's own cache, or (any other holder) one the service
    /// container hands out.
    /// </summary>
    public void RecordWrite(CacheAccess write)
    {
        var tally = write.Cache.IsShared
            ? _writesByHolder.GetOrAdd(write.Cache.Symbol.OriginalDefinition, _ => new WriteTally())
            : _containerWrites;
        tally.Add(tally.AllExpire && _expiration.Expires(write));
    }

    /// <summary>At compilation end: a warning, or a suggestion when every write seen gives its entry an expiration.</summary>
    public void Report(CompilationAnalysisContext context)
    {
        foreach (var finding in _pending)
        {
            var tally = finding.Holder is null ? _containerWrites : _writesByHolder.TryGetValue(finding.Holder, out var writes) ? writes : null;
            var expiring = tally is { Count: > 0, AllExpire: true };
            context.ReportDiagnostic(Diagnostic.Create(
                expiring ? DiagnosticDescriptors.UnboundedExpiringMemoryCache : DiagnosticDescriptors.UnboundedMemoryCache,
                finding.Location,
                expiring ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning,
                additionalLocations: null,
                properties: null,
                finding.Description));
        }
    }

    /// <summary><c>new LruCache&lt;K, V&gt;(int.MaxValue)</c>: the capacity is the only <c>int</c> parameter of these APIs.</summary>
    private static void ReportMaxValueCapacity(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, ISymbol created)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32
                && argument.Value.ConstantValue is { HasValue: true, Value: int.MaxValue })
            {
                var name = created is IMethodSymbol method
                    ? method.ContainingType.Name + "." + method.Name
                    : created.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnboundedCacheCapacity, argument.Syntax.GetLocation(), name));
            }
        }
    }

    /// <summary>
    /// True when the options given to <c>new MemoryCache(…)</c> set <c>SizeLimit</c>, or when they are not visible here
    /// (a parameter, an injected <c>IOptions</c>): precision first, an unknown setting is not a finding.
    /// </summary>
    private bool SetsSizeLimit(IObjectCreationOperation memoryCache)
    {
        // Both constructors take the options first: MemoryCache(IOptions<MemoryCacheOptions>[, ILoggerFactory]).
        var options = memoryCache.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.WalkDownConversion();
        if (options is IInvocationOperation invocation && _optionsCreate.Contains(invocation.TargetMethod.OriginalDefinition)
            && invocation.Arguments.Length == 1)
        {
            options = invocation.Arguments[0].Value.WalkDownConversion();
        }

        return options is not IObjectCreationOperation creation || !Is(creation.Type, _memoryCacheOptions)
            || creation.Initializer is { } initializer && AssignsSizeLimit(initializer);
    }

    /// <summary><c>AddMemoryCache()</c> sets a limit only through a setup lambda that assigns <c>SizeLimit</c>; other delegates are unknown.</summary>
    private bool SetupSetsSizeLimit(IInvocationOperation addMemoryCache)
    {
        foreach (var argument in addMemoryCache.Arguments)
        {
            if (argument.Parameter?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate })
            {
                continue;
            }

            var value = argument.Value.WalkDownConversion();
            if (value is IDelegateCreationOperation delegateCreation)
            {
                value = delegateCreation.Target;
            }

            return value is not IAnonymousFunctionOperation lambda || AssignsSizeLimit(lambda);
        }

        return false;
    }

    private bool AssignsSizeLimit(IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is IAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                && SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, _sizeLimit)
                && !(assignment.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a new MemoryCache lives for the life of the process: a static field or property, or a singleton
    /// registration (no symbol: the container's). Null for anything shorter-lived (a local, an instance field).
    /// </summary>
    private (ISymbol? Symbol, Location Location, string Description)? DescribeLongLivedHolder(IObjectCreationOperation creation)
    {
        IOperation current = creation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IDelegateCreationOperation or IAnonymousFunctionOperation or IBlockOperation or IReturnOperation:
                    current = parent;
                    continue;
                case IFieldInitializerOperation initializer when initializer.InitializedFields.Length > 0 && initializer.InitializedFields[0].IsStatic:
                    var field = initializer.InitializedFields[0];
                    var declarator = field.DeclaringSyntaxReferences.FirstOrDefault();
                    return (field, declarator is null ? creation.Syntax.GetLocation() : Location.Create(declarator.SyntaxTree, declarator.Span), "Static field '" + field.Name + "'");
                case IPropertyInitializerOperation initializer when initializer.InitializedProperties.Length > 0 && initializer.InitializedProperties[0].IsStatic:
                    var property = initializer.InitializedProperties[0];
                    return (property, creation.Syntax.GetLocation(), "Static property '" + property.Name + "'");
                case IAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target switch
                    {
                        IFieldReferenceOperation { Field.IsStatic: true } target => (target.Field, creation.Syntax.GetLocation(), "Static field '" + target.Field.Name + "'"),
                        IPropertyReferenceOperation { Property.IsStatic: true } target => (target.Property, creation.Syntax.GetLocation(), "Static property '" + target.Property.Name + "'"),
                        _ => null,
                    };
                case IArgumentOperation { Parent: IInvocationOperation invocation } when _addSingleton.Contains(invocation.TargetMethod.OriginalDefinition):
                    return (null, creation.Syntax.GetLocation(), "The singleton registration '" + invocation.TargetMethod.Name + "'");
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    private sealed class PendingFinding
    {
        public PendingFinding(ISymbol? holder, Location location, string description)
        {
            Holder = holder;
            Location = location;
            Description = description;
        }

        /// <summary>The static field or property; null for a cache the service container hands out.</summary>
        public ISymbol? Holder { get; }

        public Location Location { get; }

        public string Description { get; }
    }

    /// <summary>How many writes a holder's cache gets, and whether each gives its entry an expiration.</summary>
    private sealed class WriteTally
    {
        private int _count;
        private int _nonExpiring;

        public int Count => Volatile.Read(ref _count);

        public bool AllExpire => Volatile.Read(ref _nonExpiring) == 0;

        public void Add(bool expires)
        {
            Interlocked.Increment(ref _count);
            if (!expires)
            {
                Interlocked.Increment(ref _nonExpiring);
            }
        }
    }
}
