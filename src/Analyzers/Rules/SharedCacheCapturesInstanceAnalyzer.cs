using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules;

/// <summary>
/// SC0001, the C# form of flake8-bugbear B019: a static cache written from an instance member with a key or a stored
/// value that holds <c>this</c>. The cache lives as long as the process, so every instance that ever wrote to it does too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheCapturesInstanceAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstance, DiagnosticDescriptors.SharedCacheCapturesInstanceAtEnd);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = CacheModel.For(start.Compilation, start.Options);
            var helpers = new FactoryHelpers();
            var throughConstructors = new ThroughConstructors();
            start.RegisterOperationAction(
                c => throughConstructors.Fates.Record((IConstructorBodyOperation)c.Operation, (IMethodSymbol)c.ContainingSymbol),
                OperationKind.ConstructorBody);
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, model, helpers, throughConstructors), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var diagnostic in helpers.JudgeDeferred())
                {
                    end.ReportDiagnostic(diagnostic);
                }

                foreach (var diagnostic in throughConstructors.Judge())
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        });
    }

    /// <summary>
    /// Writes are reported as they are found, except in a type that may be a singleton: there they wait for the end of
    /// the type, when we know whether its one instance is the only one ever created.
    /// </summary>
    private static void AnalyzeType(SymbolStartAnalysisContext context, CacheModel model, FactoryHelpers helpers, ThroughConstructors throughConstructors)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.IsReferenceType)
        {
            return; // a struct's 'this' is copied into the cache: no instance is kept alive
        }

        var calls = new ConcurrentQueue<(IInvocationOperation Call, ISymbol Caller)>();
        if (type.IsStatic)
        {
            // No 'this' to keep alive; but its helpers may store factories that instance members of other types pass in.
            context.RegisterOperationAction(c => RecordFactoryHelpers(c, type, model, helpers, calls), CacheModel.AccessOperationKinds);
            return;
        }

        var singleton = SingletonTracker.TryStart(context, type);
        // Only a type that may be a singleton holds its findings back; the others allocate nothing for it.
        var pending = singleton is null ? null : new ConcurrentQueue<Diagnostic>();
        var pendingConditional = singleton is null ? null : new ConcurrentQueue<ConditionalDiagnostic>();
        System.Action<Diagnostic>? deferred = pending is null ? null : pending.Enqueue;
        System.Action<ConditionalDiagnostic> conditional = pendingConditional is null ? throughConstructors.Add : pendingConditional.Enqueue;
        context.RegisterOperationAction(
            c =>
            {
                RecordFactoryHelpers(c, type, model, helpers, calls);
                AnalyzeAccess(c, type, model, deferred ?? c.ReportDiagnostic, conditional);
            },
            CacheModel.AccessOperationKinds);
        context.RegisterSymbolEndAction(end =>
        {
            // A provable singleton pins one instance that lives for the whole process anyway.
            if (singleton?.IsSingleton == true)
            {
                return;
            }

            foreach (var diagnostic in pending ?? Enumerable.Empty<Diagnostic>())
            {
                end.ReportDiagnostic(diagnostic);
            }

            foreach (var diagnostic in pendingConditional ?? Enumerable.Empty<ConditionalDiagnostic>())
            {
                throughConstructors.Add(diagnostic);
            }

            ReportFactoriesPassedIn(end, type, model, helpers, calls);
        });
    }

    /// <summary>Helpers of this type that store a delegate parameter (or its result) in a shared cache, and the calls that pass one.</summary>
    private static void RecordFactoryHelpers(
        OperationAnalysisContext context, INamedTypeSymbol type, CacheModel model, FactoryHelpers helpers, ConcurrentQueue<(IInvocationOperation, ISymbol)> calls)
    {
        if (!SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, type))
        {
            return;
        }

        if (model.TryGetAccess(context.Operation, out var access))
        {
            helpers.RecordWrite(access, context.ContainingSymbol);
        }
        else if (context.Operation is IInvocationOperation invocation && FactoryHelpers.PassesDelegate(invocation)
            && invocation.IsInInstanceContext(context.ContainingSymbol))
        {
            calls.Enqueue((invocation, context.ContainingSymbol));
        }
    }

    /// <summary>
    /// <c>GetOrCreate(key, () =&gt; new Client(this))</c> where the helper stores the factory's result (or the factory)
    /// in a static cache: reported at the call that passes the capturing delegate. A helper of this type is known now;
    /// another type's helper is known at compilation end, so the call is judged now and matched then.
    /// </summary>
    private static void ReportFactoriesPassedIn(
        SymbolAnalysisContext context, INamedTypeSymbol type, CacheModel model, FactoryHelpers helpers, ConcurrentQueue<(IInvocationOperation Call, ISymbol Caller)> calls)
    {
        foreach (var (call, caller, stored, passed, _) in helpers.Matches(calls.Where(c => FactoryHelpers.IsOwnHelper(c.Call, type))))
        {
            if (!IsWeak(stored) && CapturesThis(model, stored.Kind, passed))
            {
                context.ReportDiagnostic(CreatePassedInDiagnostic(DiagnosticDescriptors.SharedCacheCapturesInstance, call, stored, type, caller));
            }
        }

        foreach (var (call, caller) in calls)
        {
            if (FactoryHelpers.IsOwnHelper(call, type))
            {
                continue;
            }

            foreach (var (ordinal, passed) in FactoryHelpers.DelegateArguments(call))
            {
                var resultCaptures = CapturesThis(model, StoredFactoryKind.Result, passed);
                var delegateCaptures = CapturesThis(model, StoredFactoryKind.Delegate, passed);
                if (resultCaptures || delegateCaptures)
                {
                    helpers.Defer(call.TargetMethod, ordinal, stored =>
                        !IsWeak(stored) && (stored.Kind == StoredFactoryKind.Result ? resultCaptures : delegateCaptures)
                            ? CreatePassedInDiagnostic(DiagnosticDescriptors.SharedCacheCapturesInstanceAtEnd, call, stored, type, caller)
                            : null);
                }
            }
        }
    }

    private static bool IsWeak(StoredFactory stored) => stored.Write.Cache.Type.HasWeakKeys || stored.Write.Cache.Type.HasWeakOwner;

    private static bool CapturesThis(CacheModel model, StoredFactoryKind kind, IOperation passed)
        => FactoryHelpers.StoredBy(kind, passed).Any(value => model.ThisCapture.Find(value) is not null);

    private static Diagnostic CreatePassedInDiagnostic(DiagnosticDescriptor descriptor, IInvocationOperation call, StoredFactory stored, INamedTypeSymbol type, ISymbol caller)
        => Diagnostic.Create(
            descriptor,
            call.Syntax.GetLocation(),
            stored.Write.Cache.DeclarationLocations,
            stored.Write.Cache.Name,
            "value",
            type.Name,
            caller.DisplayMemberName());

    private static void AnalyzeAccess(
        OperationAnalysisContext context, INamedTypeSymbol type, CacheModel model, System.Action<Diagnostic> report, System.Action<ConditionalDiagnostic> reportConditional)
    {
        // Operation actions of a type also run for the members of its nested types: each type reports its own writes.
        if (!SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, type)
            || !model.TryGetAccess(context.Operation, out var access)
            || !access.IsWrite
            || !access.Cache.IsShared
            || access.Cache.Type.HasWeakOwner
            || !access.Operation.IsInInstanceContext(context.ContainingSymbol))
        {
            return;
        }

        // 'new Clone(this)' holds 'this' only if Clone's constructor keeps it: known once every constructor is seen.
        var conditions = new List<IParameterSymbol>();
        if (Describe(access, model.ThisCapture, conditions) is not { } part)
        {
            return;
        }

        var descriptor = conditions.Count == 0 ? DiagnosticDescriptors.SharedCacheCapturesInstance : DiagnosticDescriptors.SharedCacheCapturesInstanceAtEnd;
        var diagnostic = Diagnostic.Create(
            descriptor,
            access.Operation.Syntax.GetLocation(),
            access.Cache.DeclarationLocations,
            access.Cache.Name,
            part,
            type.Name,
            context.ContainingSymbol.DisplayMemberName());
        if (conditions.Count == 0)
        {
            report(diagnostic);
        }
        else
        {
            reportConditional(new ConditionalDiagnostic(diagnostic, conditions));
        }
    }

    /// <summary>
    /// Which part of the entry holds <c>this</c>: "key", "value", "key and value", or null when none does. A part held
    /// only through arguments of this compilation's constructors adds those parameters to <paramref name="conditions"/>.
    /// </summary>
    private static string? Describe(CacheAccess access, ThisCapture thisCapture, List<IParameterSymbol> conditions)
    {
        var keyCaptures = thisCapture.Find(access.Key, conditions) is not null;

        // A weak-keyed table (ConditionalWeakTable) does not keep its key alive, nor a value that only its own key
        // references (an ephemeron). A value holding 'this' under some other key is kept alive by that key.
        // A value holding 'this' under a key that 'this' itself owns (its own field) is the same ephemeron cycle; under a
        // key the member made or loaded itself it is a side table on the instance's own object (issue 10, item 6).
        if (access.Cache.Type.HasWeakKeys)
        {
            return keyCaptures || IsOwnedByThis(access.Key) || LocalValues.IsMadeHere(access.Key) ? null
                : thisCapture.FindInStoredValues(access, conditions) is not null ? "value" : null;
        }

        var valueCaptures = thisCapture.FindInStoredValues(access, conditions) is not null;
        return (keyCaptures, valueCaptures) switch
        {
            (true, true) => "key and value",
            (true, false) => "key",
            (false, true) => "value",
            _ => null,
        };
    }

    /// <summary><c>_owner</c>, <c>this.Key</c>, <c>self._token</c>: an object that <c>this</c> references, so it lives no longer than the cycle.</summary>
    private static bool IsOwnedByThis(IOperation? key)
        => key?.WalkDownKey() is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol, Instance: { } instance } && LocalValues.RefersToThis(instance);

    /// <summary>A finding that stands only if one of these constructor parameters is kept by its constructor.</summary>
    private sealed class ConditionalDiagnostic
    {
        public ConditionalDiagnostic(Diagnostic diagnostic, IReadOnlyList<IParameterSymbol> conditions)
        {
            Diagnostic = diagnostic;
            Conditions = conditions;
        }

        public Diagnostic Diagnostic { get; }

        public IReadOnlyList<IParameterSymbol> Conditions { get; }
    }

    /// <summary>Findings that hold <c>this</c> through constructor arguments, and what the constructors do with them.</summary>
    private sealed class ThroughConstructors
    {
        private readonly ConcurrentQueue<ConditionalDiagnostic> _findings = new();

        public ConstructorParameterFates Fates { get; } = new();

        public void Add(ConditionalDiagnostic finding) => _findings.Enqueue(finding);

        /// <summary>At compilation end: the findings whose constructor keeps <c>this</c> (or may: a body not seen).</summary>
        public IEnumerable<Diagnostic> Judge()
            => _findings.Where(f => f.Conditions.Any(Fates.MayKeep)).Select(f => f.Diagnostic);
    }
}
