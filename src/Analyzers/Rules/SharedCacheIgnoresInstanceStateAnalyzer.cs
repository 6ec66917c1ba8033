using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

namespace SafeCache.Analyzers.Rules;

/// <summary>
/// SC0005, the mirror image of SC0001: a static cache written from an instance member, keyed without the instance,
/// whose value is computed from instance state. Instance B then gets the value instance A computed from its own state.
/// </summary>
/// <remarks>
/// Whether a member "reads instance state" needs facts about the whole type (is this field ever reassigned? what does
/// that helper method read?), so each type collects facts from all of its member bodies and decides at its end. What
/// an inherited method reads is recorded by its own class at that class's end, so findings that reach one wait for
/// compilation end.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheIgnoresInstanceStateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheIgnoresInstanceState, DiagnosticDescriptors.SharedCacheIgnoresInstanceStateAtEnd);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = CacheModel.For(start.Compilation, start.Options);
            var helpers = new FactoryHelpers();
            var inherited = new InheritedStateReads(start.Compilation.Assembly);
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, model, helpers, inherited), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var diagnostic in helpers.JudgeDeferred())
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, CacheModel model, FactoryHelpers helpers, InheritedStateReads inherited)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.IsStatic)
        {
            // No instance, no instance state; but its helpers may store factories that instance members of other types pass in.
            context.RegisterOperationBlockAction(block => RecordHelperWrites(block, type, model, helpers));
            return;
        }

        var facts = new TypeStateFacts(type, model.TypeClassifier, inherited);
        var candidates = new ConcurrentQueue<CandidateWrite>();
        var singleton = SingletonTracker.TryStart(context, type);

        // Calls passing a factory to the type's own helpers are matched with the helpers' writes at the type's end; they
        // are rare (a delegate passed to a method of the compilation), so only they keep an operation until then.
        var ownHelperCalls = new ConcurrentQueue<(IInvocationOperation Call, ISymbol Caller)>();
        var passedToOthers = new ConcurrentQueue<PassedToOtherType>();
        context.RegisterOperationAction(
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (SymbolEqualityComparer.Default.Equals(c.ContainingSymbol.ContainingType, type) && FactoryHelpers.PassesDelegate(call)
                    && call.IsInInstanceContext(c.ContainingSymbol))
                {
                    if (FactoryHelpers.IsOwnHelper(call, type))
                    {
                        ownHelperCalls.Enqueue((call, c.ContainingSymbol));
                    }
                    else
                    {
                        FactoriesPassedToOtherTypes(call, model, passedToOthers);
                    }
                }
            },
            OperationKind.Invocation);

        context.RegisterOperationBlockAction(block =>
        {
            // One walk per member finds its candidate writes and records the type's facts (as each member is seen, CA1822
            // style, so that no operation tree is kept until the type's end).
            var owner = block.OwningSymbol;
            Action<IOperation>? findCandidates = SymbolEqualityComparer.Default.Equals(owner.ContainingType, type)
                ? operation =>
                {
                    if (model.TryGetAccess(operation, out var access))
                    {
                        ConsiderCandidate(access, owner, model, candidates, helpers);
                    }
                }
                : null;
            facts.Record(owner, block.OperationBlocks, findCandidates);
        });

        context.RegisterSymbolEndAction(end =>
        {
            if (inherited.HasDerivedTypes(type))
            {
                // Once per base class: what its methods read, for the derived types that call them (judged at compilation end).
                inherited.Record(facts);
            }

            // A provable singleton is the only instance: there is no other instance to serve the wrong result to.
            if (singleton?.IsSingleton == true)
            {
                return;
            }

            foreach (var candidate in candidates)
            {
                Judge(end, facts, helpers, candidate.ValueUses, candidate.KeyUses, (descriptor, read) =>
                    CreateDiagnostic(descriptor, candidate.Location, candidate.Cache, candidate.KeyText, read, type));
            }

            foreach (var (call, cache, keyText, valueUses, keyUses) in FactoriesPassedIn(helpers.Matches(ownHelperCalls), model))
            {
                Judge(end, facts, helpers, valueUses, keyUses, (descriptor, read) => CreateDiagnostic(descriptor, call.Syntax.GetLocation(), cache, keyText, read, type));
            }

            foreach (var passed in passedToOthers)
            {
                DeferPassedToOtherType(passed, facts, helpers, type);
            }
        });
    }

    /// <summary>
    /// Reports now when the type's own facts decide; when the value or key reaches a method of a base class declared in
    /// another type, whose reads are recorded at that type's end, holds the finding until compilation end.
    /// </summary>
    private static void Judge(
        SymbolAnalysisContext end, TypeStateFacts facts, FactoryHelpers helpers, ImmutableArray<StateUse> valueUses, ImmutableArray<StateUse> keyUses,
        Func<DiagnosticDescriptor, StateRead, Diagnostic> create)
    {
        if (facts.NeedsInheritedBodies(valueUses, keyUses))
        {
            helpers.Defer(() => facts.FirstStateNotInKey(valueUses, keyUses) is { } late ? create(DiagnosticDescriptors.SharedCacheIgnoresInstanceStateAtEnd, late) : null);
        }
        else if (facts.FirstStateNotInKey(valueUses, keyUses) is { } read)
        {
            end.ReportDiagnostic(create(DiagnosticDescriptors.SharedCacheIgnoresInstanceState, read));
        }
    }

    /// <summary>
    /// Calls that pass a delegate to a helper of this type which stores its result in a shared cache
    /// (<c>GetOrCreate(key, () =&gt; new Client(_endpoint))</c>): the delegate's instance reads, reported at the call.
    /// </summary>
    private static List<(IInvocationOperation Call, CacheSymbol Cache, string Key, ImmutableArray<StateUse> ValueUses, ImmutableArray<StateUse> KeyUses)> FactoriesPassedIn(
        IEnumerable<(IInvocationOperation Call, ISymbol Caller, StoredFactory Stored, IOperation Delegate, IOperation? Key)> matches, CacheModel model)
    {
        var found = new List<(IInvocationOperation, CacheSymbol, string, ImmutableArray<StateUse>, ImmutableArray<StateUse>)>();
        foreach (var (call, _, stored, passed, key) in matches)
        {
            if (stored.Write.Cache.Type.HasWeakKeys || stored.Write.Cache.Type.HasWeakOwner)
            {
                continue;
            }

            var values = FactoryHelpers.StoredBy(stored, passed);
            if (values.Any(v => model.ThisCapture.Find(v) is not null) || key is not null && model.ThisCapture.Find(key) is not null)
            {
                continue; // the entry holds 'this': SC0001's case
            }

            var valueUses = ValueSources.InstanceMemberUses(values);
            if (!valueUses.IsEmpty)
            {
                var keyUses = key is null ? ImmutableArray<InstanceMemberUse>.Empty : ValueSources.InstanceMemberUses(ImmutableArray.Create(key));
                found.Add((call, stored.Write.Cache, key?.Syntax.ToString() ?? stored.Key?.Name ?? "its key", StateUse.Of(valueUses), StateUse.Of(keyUses)));
            }
        }

        return found;
    }

    /// <summary>
    /// A call that passes a delegate reading instance state to a method of another type, which may be a helper storing its
    /// result in a shared cache (an internal static cache class used by a service): known only at compilation end.
    /// </summary>
    private static void FactoriesPassedToOtherTypes(IInvocationOperation call, CacheModel model, ConcurrentQueue<PassedToOtherType> found)
    {
        foreach (var (ordinal, passed) in FactoryHelpers.DelegateArguments(call))
        {
            var values = FactoryHelpers.StoredBy(StoredFactoryKind.Result, passed);
            if (values.Any(v => model.ThisCapture.Find(v) is not null))
            {
                continue; // the entry would hold 'this': SC0001's case
            }

            var valueUses = ValueSources.InstanceMemberUses(values);
            if (!valueUses.IsEmpty)
            {
                found.Enqueue(PassedToOtherType.Create(call, ordinal, StateUse.Of(valueUses), model));
            }
        }
    }

    /// <summary>
    /// Judges the call under each hypothesis of which argument the helper uses as its key (or none), with this type's
    /// facts, and leaves the choice to the helper's write at compilation end.
    /// </summary>
    private static void DeferPassedToOtherType(PassedToOtherType passed, TypeStateFacts facts, FactoryHelpers helpers, INamedTypeSymbol type)
    {
        var anyKeyUses = passed.Keys.Values.SelectMany(k => k.Uses).ToImmutableArray();

        // What the value reads beyond each candidate key; through a base class declared elsewhere, known only at compilation end.
        var atEnd = facts.NeedsInheritedBodies(passed.ValueUses, anyKeyUses);
        Dictionary<int, (StateRead? Read, string KeyText)>? reads = null;
        StateRead? unkeyed = null;
        void JudgeReads()
        {
            reads = passed.Keys.ToDictionary(
                k => k.Key,
                k => (k.Value.HoldsThis ? null : facts.FirstStateNotInKey(passed.ValueUses, k.Value.Uses), k.Value.KeyText));
            unkeyed = facts.FirstStateNotInKey(passed.ValueUses, ImmutableArray<StateUse>.Empty);
        }

        if (!atEnd)
        {
            JudgeReads();
            if (unkeyed is null)
            {
                return; // nothing the value reads can differ between instances
            }
        }

        helpers.Defer(passed.Target, passed.DelegateOrdinal, stored =>
        {
            if (stored.Write.Cache.Type.HasWeakKeys || stored.Write.Cache.Type.HasWeakOwner)
            {
                return null;
            }

            if (reads is null)
            {
                JudgeReads();
            }

            var (read, keyText) = stored.Key is { } key && reads!.TryGetValue(key.Ordinal, out var keyed) ? keyed : (unkeyed, stored.Key?.Name ?? "its key");
            return read is null ? null : CreateDiagnostic(DiagnosticDescriptors.SharedCacheIgnoresInstanceStateAtEnd, passed.Location, stored.Write.Cache, keyText, read, type);
        });
    }

    /// <summary>Shared-cache writes in an instance context whose key and stored values do not hold <c>this</c> (that is SC0001's case).</summary>
    private static void RecordHelperWrites(OperationBlockAnalysisContext block, INamedTypeSymbol type, CacheModel model, FactoryHelpers helpers)
    {
        if (!SymbolEqualityComparer.Default.Equals(block.OwningSymbol.ContainingType, type))
        {
            return;
        }

        foreach (var operation in block.OperationBlocks)
        {
            foreach (var access in model.GetAccesses(operation))
            {
                helpers.RecordWrite(access, block.OwningSymbol);
            }
        }
    }

    private static void ConsiderCandidate(CacheAccess access, ISymbol owner, CacheModel model, ConcurrentQueue<CandidateWrite> candidates, FactoryHelpers helpers)
    {
        helpers.RecordWrite(access, owner);
        if (!access.IsWrite
            || access.Key is not { } key
            || !access.Cache.IsShared
            || access.Cache.Type.HasWeakOwner
            || access.Cache.Type.HasWeakKeys // a ConditionalWeakTable is a side table per object, not a shared result cache
            || !access.Operation.IsInInstanceContext(owner)
            || model.ThisCapture.Find(key) is not null
            || model.ThisCapture.FindInStoredValues(access) is not null)
        {
            return;
        }

        var keyUses = ValueSources.InstanceMemberUses(ImmutableArray.Create(key));
        var valueUses = ValueSources.WithoutFieldsUsedAsLocals(
            ValueSources.InstanceMemberUses(ValueSources.OfStoredValue(access), ValueSources.ThisParameters(access)), access, keyUses);
        // A fresh per-key object whose own state is the point (a named sequence) is shared by design.
        if (!valueUses.IsEmpty && !model.StoresFreshState(access))
        {
            candidates.Enqueue(new CandidateWrite(
                access.Operation.Syntax.GetLocation(), access.Cache, key.Syntax.ToString(), StateUse.Of(valueUses), StateUse.Of(keyUses)));
        }
    }

    /// <summary>Reported at the write (or the call passing the factory), with the cache's declaration as the additional location.</summary>
    private static Diagnostic CreateDiagnostic(DiagnosticDescriptor descriptor, Location location, CacheSymbol cache, string keyText, StateRead read, INamedTypeSymbol type)
    {
        var stateName = read.State.Name;
        return Diagnostic.Create(
            descriptor,
            location,
            cache.DeclarationLocations,
            cache.Name,
            keyText,
            read.State is IParameterSymbol ? stateName : "this." + stateName,
            read.Through is null ? string.Empty : $" through '{read.Through.DisplayMemberName()}'",
            type.Name,
            stateName);
    }

    /// <summary>
    /// A delegate reading instance state, passed to another type's method at <see cref="DelegateOrdinal"/>, with what each
    /// other argument (a possible key) reads; no operation is kept.
    /// </summary>
    private sealed class PassedToOtherType
    {
        private PassedToOtherType(
            Location location, IMethodSymbol target, int delegateOrdinal, ImmutableArray<StateUse> valueUses,
            Dictionary<int, (ImmutableArray<StateUse> Uses, bool HoldsThis, string KeyText)> keys)
        {
            Location = location;
            Target = target;
            DelegateOrdinal = delegateOrdinal;
            ValueUses = valueUses;
            Keys = keys;
        }

        public Location Location { get; }

        public IMethodSymbol Target { get; }

        public int DelegateOrdinal { get; }

        public ImmutableArray<StateUse> ValueUses { get; }

        /// <summary>By parameter ordinal: what the argument reads, whether it holds <c>this</c> (SC0001's case), and its text.</summary>
        public Dictionary<int, (ImmutableArray<StateUse> Uses, bool HoldsThis, string KeyText)> Keys { get; }

        public static PassedToOtherType Create(IInvocationOperation call, int delegateOrdinal, ImmutableArray<StateUse> valueUses, CacheModel model)
        {
            var keys = new Dictionary<int, (ImmutableArray<StateUse>, bool, string)>();
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && parameter.Ordinal != delegateOrdinal)
                {
                    var uses = StateUse.Of(ValueSources.InstanceMemberUses(ImmutableArray.Create(argument.Value)));
                    keys[parameter.Ordinal] = (uses, model.ThisCapture.Find(argument.Value) is not null, argument.Value.Syntax.ToString());
                }
            }

            return new PassedToOtherType(call.Syntax.GetLocation(), call.TargetMethod, delegateOrdinal, valueUses, keys);
        }
    }

    /// <summary>A write judged at the type's end: where it is, and what its value and key read.</summary>
    private sealed class CandidateWrite
    {
        public CandidateWrite(Location location, CacheSymbol cache, string keyText, ImmutableArray<StateUse> valueUses, ImmutableArray<StateUse> keyUses)
        {
            Location = location;
            Cache = cache;
            KeyText = keyText;
            ValueUses = valueUses;
            KeyUses = keyUses;
        }

        public Location Location { get; }

        public CacheSymbol Cache { get; }

        public string KeyText { get; }

        public ImmutableArray<StateUse> ValueUses { get; }

        public ImmutableArray<StateUse> KeyUses { get; }
    }
}
