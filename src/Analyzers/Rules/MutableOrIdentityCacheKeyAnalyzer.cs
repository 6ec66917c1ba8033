using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Rules.MutableOrIdentityCacheKey;

namespace SafeCache.Analyzers.Rules;

/// <summary>
/// SC0004: cache keys that can never be found again, the C# counterpart of <c>lru_cache</c> rejecting unhashable
/// arguments. (1) a cache keyed by a collection compared by reference, created without a comparer; (2) a key type
/// whose hash code reads state that can change while the key is stored; (3) a new identity-compared key built at a
/// read or write of a shared cache.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableOrIdentityCacheKeyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.CollectionCacheKey,
        DiagnosticDescriptors.CollectionCacheKeyAtEnd,
        DiagnosticDescriptors.MutableHashCacheKey,
        DiagnosticDescriptors.FreshIdentityCacheKey);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var analysis = new CompilationAnalysis(CacheModel.For(context.Compilation, context.Options));
        context.RegisterOperationAction(analysis.AnalyzeCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(analysis.AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CoalesceAssignment);
        context.RegisterOperationAction(analysis.AnalyzeAccess, CacheModel.AccessOperationKinds);
        context.RegisterOperationBlockAction(analysis.AnalyzeBlock);
        context.RegisterOperationAction(analysis.AnalyzeMemberWrite, OperationKind.FieldReference, OperationKind.PropertyReference);
        context.RegisterOperationAction(analysis.AnalyzeHelperCall, OperationKind.Invocation, OperationKind.MethodReference);
        context.RegisterSymbolAction(analysis.AnalyzeDeclaration, SymbolKind.Field, SymbolKind.Property);
        context.RegisterOperationAction(analysis.AnalyzeLocal, OperationKind.VariableDeclarator);
        context.RegisterCompilationEndAction(analysis.Report);
    }

    /// <summary>A new identity-compared key at an access of a shared cache, waiting for what is known of the cache's comparer.</summary>
    private readonly struct FreshKey
    {
        public FreshKey(CacheSymbol cache, IOperation key, ITypeSymbol keyType)
        {
            Cache = cache;
            Location = key.Syntax.GetLocation();
            KeyType = keyType;
        }

        public CacheSymbol Cache { get; }

        public Location Location { get; }

        public ITypeSymbol KeyType { get; }
    }

    private sealed class CompilationAnalysis
    {
        private readonly CacheModel _model;
        private readonly TypeClassifier _types;
        private readonly HashStateFacts _hashes;
        private readonly ConstructorHelpers _constructorHelpers;

        // Per cache symbol: true once a creation with a comparer, or a value we cannot see into, is stored in it.
        private readonly ConcurrentDictionary<ISymbol, bool> _mayHaveComparer = new(SymbolKeyComparer.Instance);
        private readonly ConcurrentDictionary<ISymbol, bool> _assigned = new(SymbolKeyComparer.Instance);
        private readonly ConcurrentBag<FreshKey> _freshKeys = new();

        // Caches the compilation looks up or stores by key (through the symbol or an alias of it). A dictionary nobody
        // here reads or writes by key (a DTO's data member) is data, not a cache: a key type that can change is not
        // reported for it (case 2).
        private readonly ConcurrentDictionary<ISymbol, byte> _usedByKey = new(SymbolKeyComparer.Instance);
        private readonly ConcurrentBag<(CacheSymbol Cache, Location Location)> _sourceKeyDeclarations = new();
        private readonly ConcurrentBag<(CacheSymbol Cache, Location Location)> _collectionKeyDeclarations = new();

        public CompilationAnalysis(CacheModel model)
        {
            _model = model;
            _types = model.TypeClassifier;
            _constructorHelpers = new ConstructorHelpers(model.Compilation);
            _hashes = new HashStateFacts(model.Compilation, _constructorHelpers);
        }

        /// <summary>Case 1: <c>new Dictionary&lt;int[], V&gt;()</c> stored in a cache field, property or local, without a comparer.</summary>
        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            if (!_model.TryGetCreation(context.Operation, out var creation) || creation.Target is not { } target)
            {
                return;
            }

            _assigned[target.OriginalDefinition] = true;
            if (creation.HasComparer)
            {
                _mayHaveComparer[target.OriginalDefinition] = true;
                return;
            }

            if (creation.Type.Kind == CacheKind.ConditionalWeakTable || !_types.IsCollectionComparedByIdentity(creation.Type.KeyType)
                || _model.GetCacheSymbol(target) is not { } cache)
            {
                return;
            }

            var location = KeyTypeLocationInDeclaration(cache, creation.Operation, context.CancellationToken)
                ?? KeyTypeLocation(creation.Operation.Syntax is ObjectCreationExpressionSyntax explicitNew ? explicitNew.Type : null, creation.Type)
                ?? creation.Operation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CollectionCacheKey,
                location,
                additionalLocations: new[] { creation.Operation.Syntax.GetLocation() },
                cache.Name,
                Display(creation.Type.KeyType!),
                KeyDescriptions.DescribeCollection(creation.Type.KeyType!)));
        }

        /// <summary>A cache assigned something other than a creation (a parameter, a factory): its comparer is not visible here.</summary>
        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (IAssignmentOperation)context.Operation;
            var target = assignment.Target switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation { Property.IsIndexer: false } property => (ISymbol)property.Property,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            if (target is null || assignment.Value.WalkDownConversion() is IObjectCreationOperation || _model.GetCacheSymbol(target) is null)
            {
                return;
            }

            _assigned[target.OriginalDefinition] = true;
            _mayHaveComparer[target.OriginalDefinition] = true;
        }

        /// <summary>Case 3: a new array, collection or identity-compared object as the key of a shared cache's read or write.</summary>
        public void AnalyzeAccess(OperationAnalysisContext context)
        {
            if (!_model.TryGetAccess(context.Operation, out var access) || access.Key is null)
            {
                return;
            }

            var used = access.Cache.Symbol is ILocalSymbol local ? CacheAliases.FieldOf(local, access.Operation.GetRoot()) ?? local : access.Cache.Symbol;
            _usedByKey.TryAdd(used.OriginalDefinition, 0);

            if (!access.Cache.IsShared || access.Cache.Type.Kind == CacheKind.ConditionalWeakTable || access.Kind is CacheAccessKind.Remove or CacheAccessKind.Shrink)
            {
                return;
            }

            // A key held in a local ('var key = new Range(a, b);') is reported once, where it is made.
            if (_types.TryGetFreshIdentityKey(access.Key, out var freshType, out var made))
            {
                _freshKeys.Add(new FreshKey(access.Cache, made, freshType));
            }
        }

        /// <summary>Bodies of types that override <c>GetHashCode</c>: what their hash reads (case 2).</summary>
        public void AnalyzeBlock(OperationBlockAnalysisContext context)
        {
            if (context.OwningSymbol is IMethodSymbol or IPropertySymbol)
            {
                _hashes.RecordBody(context.OwningSymbol, context.OperationBlocks);
            }
        }

        /// <summary>Assignments of fields and auto-properties after construction: can they change a stored key's hash (case 2)?</summary>
        public void AnalyzeMemberWrite(OperationAnalysisContext context)
            => _hashes.RecordWrite((IMemberReferenceOperation)context.Operation, context.ContainingSymbol);

        /// <summary>Who calls private and protected instance methods: a field they assign may be construction (case 2).</summary>
        public void AnalyzeHelperCall(OperationAnalysisContext context)
        {
            switch (context.Operation)
            {
                case IInvocationOperation invocation:
                    _constructorHelpers.RecordInvocation(invocation, context.ContainingSymbol);
                    break;
                case IMethodReferenceOperation reference:
                    _constructorHelpers.RecordReference(reference);
                    break;
            }
        }

        public void AnalyzeDeclaration(SymbolAnalysisContext context)
        {
            if (_model.GetCacheSymbol(context.Symbol) is not { } cache)
            {
                return;
            }

            Remember(cache, context.CancellationToken);

            // An initializer is an assignment; one that is not a creation (a factory call) may bring any comparer.
            if (InitializerOf(context.Symbol, context.CancellationToken) is { } initializer)
            {
                _assigned[context.Symbol.OriginalDefinition] = true;
                if (initializer is not BaseObjectCreationExpressionSyntax)
                {
                    _mayHaveComparer[context.Symbol.OriginalDefinition] = true;
                }
            }
        }

        public void AnalyzeLocal(OperationAnalysisContext context)
        {
            // A local that aliases or copies a cache field (copy-on-write) is that field's cache: judged once, at the field.
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            if (_model.GetCacheSymbol(declarator.Symbol) is { } cache && CacheAliases.FieldOf(declarator.Symbol, declarator.GetRoot()) is null)
            {
                Remember(cache, context.CancellationToken);
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (var (cache, location) in _sourceKeyDeclarations)
            {
                if (!_usedByKey.ContainsKey(cache.Symbol.OriginalDefinition))
                {
                    continue;
                }

                var members = _hashes.FindMutableHashedMembers(cache.Type.KeyType!);
                if (!members.IsEmpty)
                {
                    // Every mutable hashed member's declaration, for the fix that makes them immutable.
                    var memberLocations = new List<Location>();
                    foreach (var member in members)
                    {
                        if (member.Locations.Length > 0 && member.Locations[0].IsInSource)
                        {
                            memberLocations.Add(member.Locations[0]);
                        }
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MutableHashCacheKey,
                        location,
                        memberLocations,
                        cache.Name,
                        Display(cache.Type.KeyType!),
                        members[0].ContainingType.Name + "." + members[0].Name));
                }
            }

            // Case 1 without a visible creation: a field or property nothing in the compilation ever assigns.
            foreach (var (cache, location) in _collectionKeyDeclarations)
            {
                if (!_assigned.ContainsKey(cache.Symbol.OriginalDefinition) && cache.Symbol is IFieldSymbol or IPropertySymbol)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.CollectionCacheKeyAtEnd,
                        location,
                        cache.Name,
                        Display(cache.Type.KeyType!),
                        KeyDescriptions.DescribeCollection(cache.Type.KeyType!)));
                }
            }

            var reported = new HashSet<Location>();
            foreach (var fresh in _freshKeys)
            {
                if (!_mayHaveComparer.ContainsKey(fresh.Cache.Symbol.OriginalDefinition) && CreationIsVisible(fresh.Cache.Symbol) && reported.Add(fresh.Location))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.FreshIdentityCacheKey,
                        fresh.Location,
                        fresh.Cache.Name,
                        Display(fresh.KeyType)));
                }
            }
        }

        /// <summary>
        /// Where the cache comes from is in this compilation: a source field or auto-property (its creations and
        /// assignments were seen). A computed property or a library's field may hold a cache with any comparer.
        /// </summary>
        private static bool CreationIsVisible(ISymbol cache)
        {
            if (cache.Locations.Length == 0 || !cache.Locations[0].IsInSource)
            {
                return false;
            }

            if (cache is not IPropertySymbol property)
            {
                return true;
            }

            foreach (var member in property.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol field && SymbolEqualityComparer.Default.Equals(field.AssociatedSymbol, property))
                {
                    return true;
                }
            }

            return false;
        }

        private void Remember(CacheSymbol cache, CancellationToken cancellationToken)
        {
            var keyType = cache.Type.KeyType;
            if (keyType is null || cache.Type.Kind == CacheKind.ConditionalWeakTable || cache.Symbol.IsImplicitlyDeclared)
            {
                return;
            }

            if (_types.IsCollectionComparedByIdentity(keyType))
            {
                if (cache.Symbol is IFieldSymbol or IPropertySymbol && DeclaredTypeSyntax(cache.Symbol, cancellationToken) is { } declared)
                {
                    _collectionKeyDeclarations.Add((cache, KeyTypeLocation(declared, cache.Type) ?? declared.GetLocation()));
                }

                return;
            }

            if (keyType is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } && keyType.Locations.Length > 0 && keyType.Locations[0].IsInSource
                && DeclaredTypeSyntax(cache.Symbol, cancellationToken) is { } typeSyntax && !typeSyntax.IsVar)
            {
                _sourceKeyDeclarations.Add((cache, KeyTypeLocation(typeSyntax, cache.Type) ?? typeSyntax.GetLocation()));
            }
        }

        /// <summary>The key type argument of the declaration's type, when the creation is the declaration's own initializer.</summary>
        private static Location? KeyTypeLocationInDeclaration(CacheSymbol cache, IObjectCreationOperation creation, CancellationToken cancellationToken)
        {
            var declared = DeclaredTypeSyntax(cache.Symbol, cancellationToken);
            return declared is { IsVar: false, Parent: { } declaration } && declaration.Span.Contains(creation.Syntax.Span)
                ? KeyTypeLocation(declared, cache.Type)
                : null;
        }

        private static Location? KeyTypeLocation(TypeSyntax? typeSyntax, CacheType cacheType)
            => typeSyntax is not null && KeyTypeIndex(cacheType.Type) is { } index ? GenericArgument(typeSyntax, index) : null;

        /// <summary>Which type argument is the key: the first, or the second for <c>WeakLruCache&lt;TOwner, TKey, TValue&gt;</c>.</summary>
        private static int? KeyTypeIndex(ITypeSymbol type)
            => type is INamedTypeSymbol { TypeArguments.Length: > 0 } named ? (named.TypeArguments.Length == 3 ? 1 : 0) : null;

        private static Location? GenericArgument(TypeSyntax typeSyntax, int index)
        {
            var type = typeSyntax is NullableTypeSyntax nullable ? nullable.ElementType : typeSyntax;
            var name = type switch
            {
                QualifiedNameSyntax qualified => qualified.Right,
                AliasQualifiedNameSyntax alias => alias.Name,
                _ => type as SimpleNameSyntax,
            };
            return name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count > index
                ? generic.TypeArgumentList.Arguments[index].GetLocation()
                : null;
        }

        /// <summary>The type syntax of a field, property or local declaration.</summary>
        private static TypeSyntax? DeclaredTypeSyntax(ISymbol symbol, CancellationToken cancellationToken)
        {
            if (symbol.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            return symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => null,
            };
        }

        private static ExpressionSyntax? InitializerOf(ISymbol symbol, CancellationToken cancellationToken)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax(cancellationToken))
                {
                    case VariableDeclaratorSyntax { Initializer.Value: { } value }:
                        return value;
                    case PropertyDeclarationSyntax { Initializer.Value: { } value }:
                        return value;
                    case PropertyDeclarationSyntax { ExpressionBody.Expression: { } value }:
                        return value;
                }
            }

            return null;
        }

        private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }
}
