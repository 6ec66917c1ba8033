using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

namespace SafeCache.Analyzers.Rules;

/// <summary>
/// SC0002, the "mutable return value" trap of <c>lru_cache</c>: a member returns the very <c>List</c>, array or
/// <c>Dictionary</c> a cache holds, through a type that lets the caller change it, so one caller's change reaches
/// every later caller. Only memo caches and dedicated cache types count; an index dictionary filled once does not.
/// </summary>
/// <remarks>
/// Whether a dictionary is a memo cache, and whether a private helper's callers only read its result, are facts about
/// the whole type: candidates wait for the end of the type.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachedMutableValueEscapesAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>.editorconfig</c>: also report classes with public setters or public non-read-only fields.</summary>
    public const string MutableClassesKey = "safecache.SC0002.mutable_classes";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.MinimallyQualifiedFormat;

    // Registered for every type: one array each, not a params copy per type.
    private static readonly ImmutableArray<OperationKind> ReturnKinds = ImmutableArray.Create(OperationKind.Return);
    private static readonly ImmutableArray<OperationKind> AccessOrUseKinds = ImmutableArray.Create(OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.MethodReference);
    private static readonly ImmutableArray<OperationKind> ReadKinds = ImmutableArray.Create(OperationKind.FieldReference, OperationKind.ParameterReference);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CachedMutableValueEscapes, DiagnosticDescriptors.CachedMutableValueEscapesAtEnd);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = CacheModel.For(start.Compilation, start.Options);
            var crossType = new CrossTypeMemoCaches();
            var assemblyHelpers = new AssemblyHelperUses(model);
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, model, crossType, assemblyHelpers), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var diagnostic in crossType.Confirmed(assemblyHelpers.OnlyReadByCallers))
                {
                    end.ReportDiagnostic(diagnostic);
                }

                foreach (var diagnostic in assemblyHelpers.Confirmed())
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, CacheModel model, CrossTypeMemoCaches crossType, AssemblyHelperUses assemblyHelpers)
    {
        var analysis = new TypeAnalysis((INamedTypeSymbol)context.Symbol, model, crossType, assemblyHelpers);
        context.RegisterOperationAction(analysis.AnalyzeReturn, ReturnKinds);
        context.RegisterOperationAction(analysis.AnalyzeAccessOrUse, AccessOrUseKinds);
        context.RegisterOperationAction(analysis.AnalyzeRead, ReadKinds);
        context.RegisterOperationAction(analysis.AnalyzeUnboundCall, OperationKind.Invalid);
        context.RegisterSymbolEndAction(analysis.Report);
    }

    /// <summary>One type's returns of cached values, the memo writes that make its dictionaries caches, and the uses of its private helpers.</summary>
    private sealed class TypeAnalysis
    {
        private readonly INamedTypeSymbol _type;
        private readonly CacheModel _model;
        private readonly CrossTypeMemoCaches _crossType;
        private readonly AssemblyHelperUses _assemblyHelpers;

        // Created on first use: most types return, write and call nothing of interest, and there is one of these per type.
        private ConcurrentQueue<Candidate>? _candidates;
        private ConcurrentQueue<CacheAccess>? _writes;
        private ConcurrentDictionary<ISymbol, bool>? _getOrAddCaches;
        private ConcurrentQueue<(ISymbol Member, IOperation? Site, ISymbol Caller)>? _helperUses;

        private ConcurrentQueue<(ISymbol Member, IOperation? Site, ISymbol Caller)> HelperUseQueue => LazyInitializer.EnsureInitialized(ref _helperUses)!;

        public TypeAnalysis(INamedTypeSymbol type, CacheModel model, CrossTypeMemoCaches crossType, AssemblyHelperUses assemblyHelpers)
        {
            _type = type;
            _model = model;
            _crossType = crossType;
            _assemblyHelpers = assemblyHelpers;
        }

        public void AnalyzeReturn(OperationAnalysisContext context)
        {
            // Operation actions of a type also run for its nested types: each type reports its own members.
            if (context.Operation is not IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { Type: { } exposed } returned } ret
                || !SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, _type))
            {
                return;
            }

            // Cheap filters first: the declared type must let a caller change the value.
            var classifier = _model.TypeClassifier;
            var exposesCollection = exposed.SpecialType == SpecialType.System_Object || classifier.IsMutableCollection(exposed);
            if (!exposesCollection && !(classifier.IsMutableClass(exposed) && ReportsMutableClasses(context)))
            {
                return;
            }

            if (!_model.ValueOrigins.TryFind(returned, out var origin) || IsCacheFactoryReturn(ret))
            {
                return;
            }

            var valueType = MutableValueType(returned, exposed, context);
            if (valueType is null)
            {
                return;
            }

            var (member, name) = Describe(ret, context.ContainingSymbol);
            LazyInitializer.EnsureInitialized(ref _candidates)!.Enqueue(CreateCandidate(origin, member, name, returned, valueType));
        }

        /// <summary>A method of its own: the lambda's captures would otherwise be allocated on every return analysed.</summary>
        private static Candidate CreateCandidate(CacheAccess origin, ISymbol? member, string name, IOperation returned, ITypeSymbol valueType)
        {
            var location = ReturnedExpression(returned.Syntax).GetLocation();
            var typeName = valueType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);
            return new Candidate(origin, member, descriptor => Diagnostic.Create(descriptor, location, name, typeName, origin.Cache.Name));
        }

        /// <summary>
        /// A return of a lambda passed to a cache write (<c>AddOrUpdate(key, list, (_, _) =&gt; list)</c>): what it returns
        /// goes into the cache, not to a caller.
        /// </summary>
        private bool IsCacheFactoryReturn(IReturnOperation ret)
        {
            if (ret.GetEnclosingFunction() is not IAnonymousFunctionOperation lambda)
            {
                return false;
            }

            var current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parent: IInvocationOperation invocation }
                && _model.TryGetAccess(invocation, out var access) && access.IsWrite;
        }

        /// <summary>Reads of fields, auto-properties and parameters a helper's result may flow into (each operation once: by its own type).</summary>
        public void AnalyzeRead(OperationAnalysisContext context)
        {
            if (!SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, _type))
            {
                return;
            }

            switch (context.Operation)
            {
                case IFieldReferenceOperation field:
                    _assemblyHelpers.RecordStorageRead(field, context.ContainingSymbol);
                    break;
                case IParameterReferenceOperation parameter:
                    _assemblyHelpers.RecordParameterRead(parameter, context.ContainingSymbol);
                    break;
            }
        }

        /// <summary>Memo writes of this type's caches, every call or reference of its private helpers, and reads of auto-properties.</summary>
        public void AnalyzeAccessOrUse(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            var caller = context.ContainingSymbol;
            if (operation is IPropertyReferenceOperation storage && SymbolEqualityComparer.Default.Equals(caller.ContainingType, _type))
            {
                _assemblyHelpers.RecordStorageRead(storage, caller);
            }

            switch (operation)
            {
                case IMethodReferenceOperation reference:
                    if (IsHelper(reference.Method))
                    {
                        HelperUseQueue.Enqueue((reference.Method.OriginalDefinition, null, caller)); // a delegate: its callers are unknown
                    }
                    else if (_assemblyHelpers.IsTrackedHelper(reference.Method))
                    {
                        _assemblyHelpers.Record(reference.Method, reference, caller);
                    }

                    return;
                case IInvocationOperation invocation when RecordHelperCall(invocation.TargetMethod, invocation, caller):
                    return;
                case IPropertyReferenceOperation { Property: { IsIndexer: false } property } when IsHelper(property):
                    if (_assemblyHelpers.MayHoldMutable(property.Type))
                    {
                        HelperUseQueue.Enqueue((property.OriginalDefinition, operation, caller));
                    }

                    return;
                case IPropertyReferenceOperation { Property: { IsIndexer: false } property } when _assemblyHelpers.IsTrackedHelper(property):
                    _assemblyHelpers.Record(property, operation, caller);
                    return;
            }

            if (!_model.TryGetAccess(operation, out var access))
            {
                return;
            }

            // A per-key pool or registry of empty containers (GetOrAdd(key, _ => new ConcurrentBag<T>())) is handed out to be
            // filled: shared state by design, not a memoised result.
            if (access.Kind == CacheAccessKind.GetOrAdd && !_model.StoresEmptyState(access))
            {
                LazyInitializer.EnsureInitialized(ref _getOrAddCaches, static () => new ConcurrentDictionary<ISymbol, bool>(SymbolKeyComparer.Instance))!.TryAdd(access.Cache.Symbol, true);
            }
            else if (access.Kind == CacheAccessKind.Write && !IsDedicatedCache(access.Cache))
            {
                LazyInitializer.EnsureInitialized(ref _writes)!.Enqueue(access); // memo or not is decided at the end, only for caches that something returns
            }
        }

        /// <summary>
        /// A call that does not bind, because an argument's type is unresolved (half-typed code, or references missing
        /// from the compilation), is an invalid operation: when its candidate is a helper, what the caller does with
        /// the result is judged as for any call. Unseen, the helper would look as if a caller may change its result.
        /// </summary>
        public void AnalyzeUnboundCall(OperationAnalysisContext context)
        {
            if (context.Operation is not IInvalidOperation { Syntax: InvocationExpressionSyntax syntax, SemanticModel: { } semanticModel } call)
            {
                return;
            }

            foreach (var candidate in semanticModel.GetSymbolInfo(syntax, context.CancellationToken).CandidateSymbols)
            {
                if (candidate is IMethodSymbol method && RecordHelperCall(method, call, context.ContainingSymbol))
                {
                    return;
                }
            }
        }

        /// <summary>Records a call of a private helper of this type, or of a tracked assembly helper; false for any other method.</summary>
        private bool RecordHelperCall(IMethodSymbol method, IOperation call, ISymbol caller)
        {
            if (IsHelper(method))
            {
                if (_assemblyHelpers.MayHoldMutable(method.ReturnType))
                {
                    HelperUseQueue.Enqueue((method.OriginalDefinition, call, caller));
                }

                return true;
            }

            if (_assemblyHelpers.IsTrackedHelper(method))
            {
                _assemblyHelpers.Record(method, call, caller);
                return true;
            }

            return false;
        }

        public void Report(SymbolAnalysisContext context)
        {
            if (_candidates is null && _writes is null && _getOrAddCaches is null)
            {
                return; // most types: no cache written or returned, nothing to publish
            }

            var memoCaches = _getOrAddCaches is { } getOrAdds
                ? new HashSet<ISymbol>(getOrAdds.Keys, SymbolKeyComparer.Instance)
                : new HashSet<ISymbol>(SymbolKeyComparer.Instance);
            var returnedCaches = new HashSet<ISymbol>(SymbolKeyComparer.Instance);
            foreach (var candidate in _candidates ?? Enumerable.Empty<Candidate>())
            {
                returnedCaches.Add(candidate.Origin.Cache.Symbol);
            }

            foreach (var write in _writes ?? Enumerable.Empty<CacheAccess>())
            {
                // A cache other types can see is classified even if this type returns nothing from it: another may.
                var visible = CrossTypeMemoCaches.IsVisibleToOtherTypes(write.Cache.Symbol, _type);
                if ((returnedCaches.Contains(write.Cache.Symbol) || visible) && !memoCaches.Contains(write.Cache.Symbol) && _model.IsMemoWrite(write)
                    && !_model.StoresEmptyState(write))
                {
                    memoCaches.Add(write.Cache.Symbol);
                }
            }

            foreach (var cache in memoCaches)
            {
                if (CrossTypeMemoCaches.IsVisibleToOtherTypes(cache, _type))
                {
                    _crossType.AddMemoCache(cache);
                }
            }

            if (_candidates is not { } candidates)
            {
                return;
            }

            var helperUses = new HelperUses(_helperUses ?? Enumerable.Empty<(ISymbol, IOperation?, ISymbol)>(), _model.TypeClassifier, _assemblyHelpers);
            foreach (var candidate in candidates)
            {
                var cache = candidate.Origin.Cache;

                // An internal helper's callers are all in the compilation, in any type: judged at compilation end; so is
                // a private helper whose callers pass the result on to parameters, storages or helpers judged there.
                ISymbol? assemblyHelper = null;
                if (candidate.Member is { } member && IsHelper(member))
                {
                    var verdict = helperUses.VerdictOf(member);
                    if (verdict.OnlyReads)
                    {
                        continue;
                    }

                    if (!verdict.MayChange)
                    {
                        _assemblyHelpers.Publish(member, verdict);
                        assemblyHelper = member;
                    }
                }
                else if (candidate.Member is { } internalMember && IsOwnAssemblyHelper(internalMember))
                {
                    assemblyHelper = internalMember;
                }
                if (IsDedicatedCache(cache) || memoCaches.Contains(cache.Symbol))
                {
                    if (assemblyHelper is not null)
                    {
                        _assemblyHelpers.Defer(assemblyHelper, () => candidate.Create(DiagnosticDescriptors.CachedMutableValueEscapesAtEnd));
                    }
                    else
                    {
                        context.ReportDiagnostic(candidate.Create(DiagnosticDescriptors.CachedMutableValueEscapes));
                    }
                }
                else if (CrossTypeMemoCaches.IsVisibleToOtherTypes(cache.Symbol, _type))
                {
                    // An index dictionary here, unless another type memo-writes it: decided at compilation end.
                    _crossType.Defer(cache.Symbol, assemblyHelper, () => candidate.Create(DiagnosticDescriptors.CachedMutableValueEscapesAtEnd));
                }
            }
        }

        /// <summary>The expression as written in the return: with its <c>!</c> and parentheses (they have no operation of their own).</summary>
        private static SyntaxNode ReturnedExpression(SyntaxNode syntax)
        {
            while (syntax.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
            {
                syntax = syntax.Parent;
            }

            return syntax;
        }

        /// <summary>
        /// The mutable type the caller gets: the value's own type when it is mutable (a <c>List&lt;T&gt;</c> returned as
        /// <c>object</c> or <c>IList&lt;T&gt;</c>), else the declared type when the value is of an unknown type
        /// (<c>(List&lt;T&gt;)cache.Get(key)</c>); null when the value is immutable or a read-only view.
        /// </summary>
        private ITypeSymbol? MutableValueType(IOperation returned, ITypeSymbol exposed, OperationAnalysisContext context)
        {
            var classifier = _model.TypeClassifier;
            var inner = returned.WalkDownConversion().Type;
            if (IsMutable(inner, classifier, context))
            {
                return inner;
            }

            return exposed.SpecialType != SpecialType.System_Object && IsMutable(exposed, classifier, context)
                   && !classifier.IsImmutable(inner) && !classifier.IsReadOnlyView(inner)
                ? exposed
                : null;
        }

        private static bool IsMutable(ITypeSymbol? type, TypeClassifier classifier, OperationAnalysisContext context)
            => classifier.IsMutableCollection(type)
               || classifier.IsMutableClass(type) && !classifier.IsImmutable(type) && ReportsMutableClasses(context);

        private static bool ReportsMutableClasses(OperationAnalysisContext context)
            => context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Operation.Syntax.SyntaxTree).TryGetValue(MutableClassesKey, out var text)
               && bool.TryParse(text.Trim(), out var on) && on;

        /// <summary>IMemoryCache, ObjectCache, LruCache, WeakLruCache and configured types are caches by construction.</summary>
        private static bool IsDedicatedCache(CacheSymbol cache)
            => cache.Type.Kind is CacheKind.MemoryCache or CacheKind.ObjectCache or CacheKind.LruCache or CacheKind.WeakLruCache or CacheKind.Configured;

        /// <summary>A member of this compilation that only its assembly can call (<see cref="AssemblyHelperUses.IsOwnHelper"/>).</summary>
        private bool IsOwnAssemblyHelper(ISymbol member) => _assemblyHelpers.IsOwnHelper(member);

        /// <summary>Private members of this type and local functions: every caller is in this type.</summary>
        private bool IsHelper(ISymbol member)
            => member is IMethodSymbol { MethodKind: MethodKind.LocalFunction }
               || member.DeclaredAccessibility == Accessibility.Private
                  && member is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol
                  && SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type);

        /// <summary>
        /// The member a user recognises, and how the message names it: the method, property or local function, or
        /// "A lambda in 'M'". The first item is the helper whose callers may excuse it (null for lambdas and non-helpers).
        /// </summary>
        private (ISymbol? Helper, string Name) Describe(IReturnOperation ret, ISymbol containing)
        {
            var function = ret.GetEnclosingFunction();
            var outer = containing is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : containing;
            switch (function)
            {
                case IAnonymousFunctionOperation:
                    return (null, $"A lambda in '{outer.Name}'");
                case ILocalFunctionOperation local:
                    return (local.Symbol.OriginalDefinition, $"'{local.Symbol.Name}'");
            }

            var helper = IsHelper(outer) || IsOwnAssemblyHelper(outer) ? outer.OriginalDefinition : null;
            return (helper, $"'{outer.Name}'");
        }
    }

    private sealed class Candidate
    {
        public Candidate(CacheAccess origin, ISymbol? member, System.Func<DiagnosticDescriptor, Diagnostic> create)
        {
            Origin = origin;
            Member = member;
            Create = create;
        }

        public CacheAccess Origin { get; }

        /// <summary>A private or internal method or property, or a local function, whose callers may all only read; else null.</summary>
        public ISymbol? Member { get; }

        /// <summary>The diagnostic, under the live or the compilation-end descriptor.</summary>
        public System.Func<DiagnosticDescriptor, Diagnostic> Create { get; }
    }
}
