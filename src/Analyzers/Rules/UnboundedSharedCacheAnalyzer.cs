using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Rules.UnboundedSharedCache;

namespace SafeCache.Analyzers.Rules;

/// <summary>
/// SC0003: a long-lived cache that only ever grows, the C# <c>lru_cache(maxsize=None)</c>. A static dictionary used as
/// a memo cache with keys from runtime data that nothing in the compilation ever shrinks; also a process-wide
/// <c>MemoryCache</c> without <c>SizeLimit</c> and SafeCache's caches created with capacity <c>int.MaxValue</c>.
/// A memo cache is a warning only with <see cref="GrowthEvidence"/>; without it, a suggestion.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedSharedCacheAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat MemberFormat = new(
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnboundedSharedCache,
        DiagnosticDescriptors.UnboundedSharedCacheUnproven,
        DiagnosticDescriptors.UnboundedMemoryCache,
        DiagnosticDescriptors.UnboundedExpiringMemoryCache,
        DiagnosticDescriptors.UnboundedCacheCapacity);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var model = CacheModel.For(context.Compilation, context.Options);
        var callSites = new CallSites(model);
        var creations = new UnboundedCacheCreations(context.Compilation, model.Types);
        var analysis = new CompilationAnalysis(model, callSites, creations);

        callSites.Register(context);
        context.RegisterOperationAction(analysis.AnalyzeAccess, CacheModel.AccessOperationKinds);
        context.RegisterOperationAction(analysis.AnalyzeCacheReference, OperationKind.FieldReference, OperationKind.PropertyReference);
        context.RegisterOperationAction(
            c =>
            {
                // One callback per object creation, not two: both shapes look at every 'new'.
                creations.AnalyzeObjectCreation(c);
                analysis.AnalyzeCacheCreation(c);
            },
            OperationKind.ObjectCreation);
        context.RegisterOperationAction(creations.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterCompilationEndAction(end =>
        {
            analysis.Report(end);
            creations.Report(end);
        });
    }

    /// <summary>Collects, per shared cache, its memo writes and anything that may shrink it; reports at compilation end.</summary>
    private sealed class CompilationAnalysis
    {
        private readonly CacheModel _model;
        private readonly CallSites _callSites;
        private readonly UnboundedCacheCreations _creations;
        private readonly INamedTypeSymbol? _readOnlyDictionary;
        private readonly GrowthEvidenceFinder _evidence;
        private readonly SharedCacheFactTable _facts = new();

        public CompilationAnalysis(CacheModel model, CallSites callSites, UnboundedCacheCreations creations)
        {
            _model = model;
            _callSites = callSites;
            _creations = creations;
            _evidence = new GrowthEvidenceFinder(model.TypeClassifier, model.ExternalInputs);
            _readOnlyDictionary = model.Compilation.GetWellKnownType(WellKnownTypeNames.IReadOnlyDictionary);
        }

        public void AnalyzeAccess(OperationAnalysisContext context)
        {
            if (!_model.TryGetAccess(context.Operation, out var access))
            {
                return;
            }

            if (access.IsWrite && access.Cache.Type.Kind == CacheKind.MemoryCache)
            {
                _creations.RecordWrite(access);
                return;
            }

            if (!IsCandidate(access.Cache))
            {
                return;
            }

            var facts = _facts.For(access.Cache, _model);
            if (access.Kind.IsRemoval())
            {
                facts.AddShrink(context.ContainingSymbol);
            }
            else if (access.IsWrite && access.Key is { } key && !IsOneTimeInitialization(context)
                && _model.BoundedKeysFor(key.Syntax.SyntaxTree).Analyze(key) is var bound && !(bound.IsBounded && bound.Parameters.IsEmpty && !bound.FromConfiguration)
                && _model.IsMemoWrite(access) && !_model.StoresOnlyResolvedNames(access))
            {
                facts.AddMemoWrite(new MemoWrite(context.ContainingSymbol, key.WalkDownKey().Type, access.Operation.Syntax.GetLocation(), bound, _evidence.Find(access)));
            }
        }

        /// <summary>A cache created into a candidate field or property: whether it was given a key comparer.</summary>
        public void AnalyzeCacheCreation(OperationAnalysisContext context)
        {
            if (_model.TryGetCreation(context.Operation, out var creation) && creation.Target is { IsStatic: true } target
                && _model.GetCacheSymbol(target) is { } cache && IsCandidate(cache))
            {
                _facts.For(cache, _model).AddCreation(creation.HasComparer);
            }
        }

        /// <summary>Reassignments, size guards and escapes of a shared cache field or property.</summary>
        public void AnalyzeCacheReference(OperationAnalysisContext context)
        {
            // Runs on every field and property reference: the cheap tests (static? an int compared?) come first.
            ISymbol symbol;
            switch (context.Operation)
            {
                case IFieldReferenceOperation field:
                    symbol = field.Field;
                    break;
                case IPropertyReferenceOperation { Property: { IsIndexer: false } property }:
                    symbol = property;
                    break;
                default:
                    return;
            }

            if (symbol.IsStatic)
            {
                // Only a static field or property can hold a candidate (IsCandidate requires a shared cache).
                if (_model.GetCacheSymbol(symbol) is { } cache && IsCandidate(cache)
                    && (IsReplacement(context, symbol) || Escapes(context.Operation)))
                {
                    _facts.For(cache, _model).AddShrink(context.ContainingSymbol);
                }
            }
            else if (context.Operation is IPropertyReferenceOperation { Instance: { } instance } && IsSizeGuard(context.Operation)
                && CacheAliases.Resolve(instance) is { } guarded && _model.GetCacheSymbol(guarded) is { } guardedCache && IsCandidate(guardedCache))
            {
                _facts.For(guardedCache, _model).AddShrink(context.ContainingSymbol);
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (var facts in _facts.All)
            {
                // A Clear/Remove in a private or internal member nothing calls (a test-only Reset) bounds nothing.
                if (facts.ShrinkingMembers.Any(m => !_callSites.IsNeverCalled(m)))
                {
                    continue;
                }

                if (facts.Cache.DeclarationLocation is not { } location)
                {
                    continue;
                }

                // Bounded key types count where the key is judged: the cache's key type in its declaring file, a
                // written key in the file of the write. Configuration-bounded keys are reported where SC0003 would be.
                var settings = _model.Options.For(location.SourceTree);
                var domain = _model.BoundedKeysFor(location.SourceTree);
                var writes = facts.GetMemoWrites().Where(w => IsGrowing(w, settings.ReportConfigurationBoundedKeys)).ToList();
                if (writes.Count == 0 || domain.Contains(facts.Cache.Type.KeyType)
                    || writes.All(w => _model.BoundedKeysFor(w.Location.SourceTree).Contains(w.KeyType)))
                {
                    continue;
                }

                // A cache of reflection objects by name ('(Type, string) -> PropertyInfo', 'string -> Type') is fed the
                // program's own names on nearly all real code; whether a caller could pass others is rarely visible.
                // Keys with another open part ('(string, object)': one entry per object) are still reported.
                if (!settings.ReportReflectionLookups && domain.IsReflectionObject(facts.Cache.Type.ValueType)
                    && writes.All(w => domain.IsNamesAndBoundedParts(w.KeyType)))
                {
                    continue;
                }

                // Default confidence: a warning only where a write shows that the keys never repeat (issue 10).
                var evident = writes.FirstOrDefault(w => IsEvidentGrowth(w, facts));
                var first = evident ?? writes[0];
                context.ReportDiagnostic(Diagnostic.Create(
                    evident is null ? DiagnosticDescriptors.UnboundedSharedCacheUnproven : DiagnosticDescriptors.UnboundedSharedCache,
                    location,
                    evident is null ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning,
                    additionalLocations: new[] { first.Location },
                    properties: null,
                    facts.Cache.Name,
                    (facts.Cache.Type.KeyType ?? first.KeyType)?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "?",
                    DescribeMember(first.Member)));
            }
        }

        /// <summary>
        /// A fresh identity-compared key grows the cache only if no creation gave it a comparer. A key from a parameter
        /// is evident growth when some caller passes external input for it.
        /// </summary>
        private bool IsEvidentGrowth(MemoWrite write, SharedCacheFacts facts)
            => write.Evidence switch
            {
                GrowthEvidence.IdentifierOrInstant or GrowthEvidence.ExternalInput or GrowthEvidence.FetchedValue => true,
                GrowthEvidence.FreshIdentityKey => facts.KeysUseTheirOwnEquality,
                _ => write.Bound.Parameters.Any(_callSites.IsFedExternalInput),
            };

        /// <summary>
        /// A memo write that adds keys from runtime data: not in a helper run only at start-up, and its key not bounded
        /// by what every caller passes. A key bounded only by configuration is reported only when the project asks for it.
        /// </summary>
        private bool IsGrowing(MemoWrite write, bool reportConfigurationBounded)
        {
            if (_callSites.RunsOnlyAtInitialization(write.Member))
            {
                return false;
            }

            var bound = write.Bound;
            if (!bound.IsBounded || !_callSites.AreSettingsFixed(bound.Settings))
            {
                return true;
            }

            var fromConfiguration = bound.FromConfiguration;
            foreach (var parameter in bound.Parameters)
            {
                if (!_callSites.IsBoundedByCallers(parameter, _model.BoundedKeysFor(write.Location.SourceTree), out var viaConfiguration))
                {
                    return true;
                }

                fromConfiguration |= viaConfiguration;
            }

            return fromConfiguration && reportConfigurationBounded;
        }

        /// <summary>
        /// Static dictionaries and hashtables. Not: instance caches (they die with their owner), weak tables, SafeCache's
        /// bounded caches, MemoryCache/ObjectCache (their own bounds are checked elsewhere), nor configured cache types
        /// (they may bound themselves).
        /// </summary>
        private static bool IsCandidate(CacheSymbol cache)
            => cache.IsShared
               && cache.Type.Kind is CacheKind.Dictionary or CacheKind.Hashtable
               && (cache.Symbol is IFieldSymbol || cache.Symbol is IPropertySymbol property && property.IsAutoProperty());

        /// <summary>Static constructors and initializers run once: what they write is a lookup table, not a memo.</summary>
        private static bool IsOneTimeInitialization(OperationAnalysisContext context)
            => context.Operation.GetEnclosingFunction() is null
               && (context.ContainingSymbol is IFieldSymbol or IPropertySymbol
                   || context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.StaticConstructor });

        /// <summary>
        /// The field is given a new cache after start-up (a reset), or passed by reference (<c>Interlocked.Exchange</c>).
        /// Assignments in the static constructor are initialization; <c>??=</c> is lazy initialization.
        /// </summary>
        private static bool IsReplacement(OperationAnalysisContext context, ISymbol field)
        {
            var reference = context.Operation;
            if (reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } argument)
            {
                // Volatile.Read(ref s_cache) only reads; Interlocked.CompareExchange(ref s_cache, copyWithNewEntry, old)
                // publishes a larger copy (copy-on-write). Anything else may store a new, empty cache.
                return !(argument.Parent is IInvocationOperation invocation
                    && (invocation.Arguments.Length == 1 && !invocation.TargetMethod.ReturnsVoid
                        || invocation.Arguments.Any(a => a != argument && CacheAliases.IsCopyOf(a.Value, field))));
            }

            return reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference
                && !IsOneTimeInitialization(context) && !CacheAliases.IsCopyOf(assignment.Value, field);
        }

        /// <summary>
        /// The cache is handed to code that could shrink it: passed, returned or stored as anything but a read-only view.
        /// Calls the model recognises as cache accesses are not escapes.
        /// </summary>
        private bool Escapes(IOperation reference)
        {
            var value = reference;
            ITypeSymbol? targetType = null;
            while (value.Parent is IConversionOperation conversion)
            {
                targetType = conversion.Type;
                value = conversion;
            }

            switch (value.Parent)
            {
                case IArgumentOperation { Parent: IObjectCreationOperation copy } when _model.GetCacheSymbol(reference is IFieldReferenceOperation f ? f.Field : ((IPropertyReferenceOperation)reference).Property) is { } original
                    && SymbolEqualityComparer.Default.Equals(copy.Type?.OriginalDefinition, original.Type.Type.OriginalDefinition):
                    return false; // a copy (copy-on-write): the original loses nothing
                case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                    return false; // by reference: a replacement, decided by IsReplacement
                case IArgumentOperation argument:
                    return !(argument.Parent is { } call && _model.TryGetAccess(call, out _)) && !IsReadOnlyView(argument.Parameter?.Type);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when IsAlias(declarator):
                    return false; // 'var c = s_cache;': what is done through 'c' is seen as done to the field
                case IReturnOperation:
                case IVariableInitializerOperation:
                case ISimpleAssignmentOperation assignment when assignment.Value == value:
                    return !IsReadOnlyView(targetType ?? reference.Type);
                default:
                    return false;
            }
        }

        private static bool IsAlias(IVariableDeclaratorOperation declarator)
        {
            var root = declarator.GetRoot();
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
                {
                    return CacheAliases.Resolve(local) is IFieldSymbol or IPropertySymbol;
                }
            }

            return true; // never used
        }

        /// <summary>Types through which nothing can be removed: enumerables and read-only dictionaries.</summary>
        private bool IsReadOnlyView(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            return definition is not null
                && (definition.SpecialType is SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_Generic_IEnumerable_T
                        or SpecialType.System_Collections_Generic_IReadOnlyCollection_T
                    || SymbolEqualityComparer.Default.Equals(definition, _readOnlyDictionary));
        }

        /// <summary><c>cache.Count &gt; N</c>: someone watches the size, so it is bounded on purpose.</summary>
        private static bool IsSizeGuard(IOperation countReference)
        {
            if (countReference.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
            {
                return false;
            }

            var parent = countReference.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is IBinaryOperation
            {
                OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                    or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual,
            };
        }

        /// <summary>A method with its parameters (overloads differ); an accessor as its property.</summary>
        private static string DescribeMember(ISymbol member)
            => member is IMethodSymbol { AssociatedSymbol: null } method ? method.ToDisplayString(MemberFormat) : member.DisplayMemberName();
    }
}
