using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>
/// The SC0003 shapes one operation shows on its own: a process-wide <c>MemoryCache</c> without <c>SizeLimit</c>,
/// and SafeCache's own caches created with <c>int.MaxValue</c> as capacity. Symbols are resolved once per compilation.
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

    public UnboundedCacheCreations(Compilation compilation, CacheTypeCatalog cacheTypes)
    {
        _cacheTypes = cacheTypes;
        _memoryCache = compilation.GetWellKnownType(WellKnownTypeNames.MemoryCache);
        _memoryCacheOptions = compilation.GetWellKnownType(WellKnownTypeNames.MemoryCacheOptions);
        _sizeLimit = _memoryCacheOptions?.GetMembers("SizeLimit").FirstOrDefault();
        _optionsCreate = Members(compilation, "Microsoft.Extensions.Options.Options", "Create");
        _addMemoryCache = Members(compilation, "Microsoft.Extensions.DependencyInjection.MemoryCacheServiceCollectionExtensions", "AddMemoryCache");
        _addSingleton = Members(compilation, "Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions", "AddSingleton");
        _memoizeLru = Members(compilation, "SafeCache.Memoize", "Lru");
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
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnboundedMemoryCache, holder.Location, holder.Description));
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
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnboundedMemoryCache,
                invocation.Syntax.GetLocation(),
                "'" + invocation.TargetMethod.Name + "()'"));
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
    /// registration. Null for anything shorter-lived (a local, an instance field).
    /// </summary>
    private (Location Location, string Description)? DescribeLongLivedHolder(IObjectCreationOperation creation)
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
                    return (declarator is null ? creation.Syntax.GetLocation() : Location.Create(declarator.SyntaxTree, declarator.Span), "Static field '" + field.Name + "'");
                case IPropertyInitializerOperation initializer when initializer.InitializedProperties.Length > 0 && initializer.InitializedProperties[0].IsStatic:
                    return (creation.Syntax.GetLocation(), "Static property '" + initializer.InitializedProperties[0].Name + "'");
                case IAssignmentOperation assignment when assignment.Value == current:
                    return assignment.Target switch
                    {
                        IFieldReferenceOperation { Field.IsStatic: true } target => (creation.Syntax.GetLocation(), "Static field '" + target.Field.Name + "'"),
                        IPropertyReferenceOperation { Property.IsStatic: true } target => (creation.Syntax.GetLocation(), "Static property '" + target.Property.Name + "'"),
                        _ => null,
                    };
                case IArgumentOperation { Parent: IInvocationOperation invocation } when _addSingleton.Contains(invocation.TargetMethod.OriginalDefinition):
                    return (creation.Syntax.GetLocation(), "The singleton registration '" + invocation.TargetMethod.Name + "'");
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    private static ImmutableHashSet<ISymbol> Members(Compilation compilation, string typeName, string memberName)
    {
        var type = compilation.GetWellKnownType(typeName);
        return type is null
            ? ImmutableHashSet<ISymbol>.Empty
            : type.GetMembers(memberName).OfType<IMethodSymbol>().Select(m => (ISymbol)m.OriginalDefinition).ToImmutableHashSet(SymbolKeyComparer.Instance);
    }
}
