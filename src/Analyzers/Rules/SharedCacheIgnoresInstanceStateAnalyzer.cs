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
            var enumerable = start.Compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
            var helpers = new FactoryHelpers();
            var inherited = new InheritedStateReads(start.Compilation.Assembly);
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, model, enumerable, helpers, inherited), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var diagnostic in helpers.JudgeDeferred())
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, CacheModel model, INamedTypeSymbol enumerable, FactoryHelpers helpers, InheritedStateReads inherited)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.IsStatic)
        {
            // No instance, no instance state; but its helpers may store factories that instance members of other types pass in.
            context.RegisterOperationBlockAction(block => RecordHelperWrites(block, type, model, helpers));
            return;
        }

        var facts = new TypeStateFacts(type, enumerable, model.TypeClassifier, inherited);
        var candidates = new ConcurrentQueue<CandidateWrite>();
        var singleton = SingletonTracker.TryStart(context, type);

        var blocks = new ConcurrentQueue<(ISymbol Owner, ImmutableArray<IOperation> Operations)>();
        var calls = new ConcurrentQueue<(IInvocationOperation Call, ISymbol Caller)>();
        context.RegisterOperationAction(
            c =>
            {
                if (SymbolEqualityComparer.Default.Equals(c.ContainingSymbol.ContainingType, type) && FactoryHelpers.PassesDelegate((IInvocationOperation)c.Operation)
                    && c.Operation.IsInInstanceContext(c.ContainingSymbol))
                {
                    calls.Enqueue(((IInvocationOperation)c.Operation, c.ContainingSymbol));
                }
            },
            OperationKind.Invocation);

        context.RegisterOperationBlockAction(block =>
        {
            // Facts about the type are only needed when it writes a candidate, which few types do: keep the blocks and
            // decide at the end. Recording the facts as each body is seen (CA1822 style) keeps no operation tree, but
            // measured 4x this action's time on the analyzer benchmark, since every type then pays for them.
            blocks.Enqueue((block.OwningSymbol, block.OperationBlocks));
            if (SymbolEqualityComparer.Default.Equals(block.OwningSymbol.ContainingType, type))
            {
                foreach (var operation in block.OperationBlocks)
                {
                    if (operation is not (IFieldInitializerOperation or IPropertyInitializerOperation))
                    {
                        FindCandidates(operation, block.OwningSymbol, model, candidates, helpers);
                    }
                }
            }
        });

        context.RegisterSymbolEndAction(end =>
        {
            if (inherited.HasDerivedTypes(type))
            {
                // Once per base class: what its methods read, for the derived types that call them (judged at compilation end).
                inherited.Record(type, blocks);
            }

            // A provable singleton is the only instance: there is no other instance to serve the wrong result to.
            if (singleton?.IsSingleton == true)
            {
                return;
            }

            var passedIn = FactoriesPassedIn(helpers.Matches(calls.Where(c => FactoryHelpers.IsOwnHelper(c.Call, type))), model);
            var passedToOthers = FactoriesPassedToOtherTypes(calls.Where(c => !FactoryHelpers.IsOwnHelper(c.Call, type)), model);
            if (candidates.IsEmpty && passedIn.Count == 0 && passedToOthers.Count == 0)
            {
                return;
            }

            foreach (var (owner, operations) in blocks)
            {
                RecordFacts(facts, owner, operations, type);
            }

            foreach (var candidate in candidates)
            {
                var access = candidate.Access;
                Judge(end, facts, helpers, candidate.ValueUses, candidate.KeyUses, (descriptor, read) =>
                    CreateDiagnostic(descriptor, access.Operation.Syntax.GetLocation(), access.Cache, access.Key!.Syntax.ToString(), read, type));
            }

            foreach (var (call, cache, keyText, valueUses, keyUses) in passedIn)
            {
                Judge(end, facts, helpers, valueUses, keyUses, (descriptor, read) => CreateDiagnostic(descriptor, call.Syntax.GetLocation(), cache, keyText, read, type));
            }

            foreach (var passed in passedToOthers)
            {
                DeferPassedToOtherType(passed, facts, helpers, model, type);
            }
        });
    }

    /// <summary>
    /// Reports now when the type's own facts decide; when the value or key reaches a method of a base class declared in
    /// another type, whose reads are recorded at that type's end, holds the finding until compilation end.
    /// </summary>
    private static void Judge(
        SymbolAnalysisContext end, TypeStateFacts facts, FactoryHelpers helpers, ImmutableArray<InstanceMemberUse> valueUses, ImmutableArray<InstanceMemberUse> keyUses,
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

    private static void RecordFacts(TypeStateFacts facts, ISymbol owner, ImmutableArray<IOperation> operations, INamedTypeSymbol type)
    {
        // Writes are recorded from nested types too (they may assign our private fields); the rest only from our own members.
        facts.RecordWrites(owner, operations);
        if (!SymbolEqualityComparer.Default.Equals(owner.ContainingType, type))
        {
            return;
        }

        foreach (var operation in operations)
        {
            switch (operation)
            {
                case IFieldInitializerOperation initializer:
                    facts.RecordInitializer(initializer.InitializedFields, initializer.Value);
                    break;
                case IPropertyInitializerOperation initializer:
                    facts.RecordInitializer(initializer.InitializedProperties, initializer.Value);
                    break;
                default:
                    facts.RecordBody(owner, operation);
                    break;
            }
        }
    }

    /// <summary>
    /// Calls that pass a delegate to a helper of this type which stores its result in a shared cache
    /// (<c>GetOrCreate(key, () =&gt; new Client(_endpoint))</c>): the delegate's instance reads, reported at the call.
    /// </summary>
    private static List<(IInvocationOperation Call, CacheSymbol Cache, string Key, ImmutableArray<InstanceMemberUse> ValueUses, ImmutableArray<InstanceMemberUse> KeyUses)> FactoriesPassedIn(
        IEnumerable<(IInvocationOperation Call, ISymbol Caller, StoredFactory Stored, IOperation Delegate, IOperation? Key)> matches, CacheModel model)
    {
        var found = new List<(IInvocationOperation, CacheSymbol, string, ImmutableArray<InstanceMemberUse>, ImmutableArray<InstanceMemberUse>)>();
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
                found.Add((call, stored.Write.Cache, key?.Syntax.ToString() ?? stored.Key?.Name ?? "its key", valueUses, keyUses));
            }
        }

        return found;
    }

    /// <summary>
    /// Calls that pass a delegate reading instance state to a method of another type, which may be a helper storing its
    /// result in a shared cache (an internal static cache class used by a service): known only at compilation end.
    /// </summary>
    private static List<PassedToOtherType> FactoriesPassedToOtherTypes(IEnumerable<(IInvocationOperation Call, ISymbol Caller)> calls, CacheModel model)
    {
        var found = new List<PassedToOtherType>();
        foreach (var (call, _) in calls)
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
                    found.Add(new PassedToOtherType(call, ordinal, valueUses));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Judges the call under each hypothesis of which argument the helper uses as its key (or none), with this type's
    /// facts, and leaves the choice to the helper's write at compilation end.
    /// </summary>
    private static void DeferPassedToOtherType(PassedToOtherType passed, TypeStateFacts facts, FactoryHelpers helpers, CacheModel model, INamedTypeSymbol type)
    {
        var location = passed.Call.Syntax.GetLocation();
        var keyUses = new Dictionary<int, (ImmutableArray<InstanceMemberUse> Uses, bool HoldsThis, string KeyText)>();
        var anyKeyUses = ImmutableArray.CreateBuilder<InstanceMemberUse>();
        foreach (var argument in passed.Call.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal != passed.DelegateOrdinal)
            {
                // A key holding 'this' is SC0001's case, not this rule's.
                var uses = ValueSources.InstanceMemberUses(ImmutableArray.Create(argument.Value));
                keyUses[parameter.Ordinal] = (uses, model.ThisCapture.Find(argument.Value) is not null, argument.Value.Syntax.ToString());
                anyKeyUses.AddRange(uses);
            }
        }

        // What the value reads beyond each candidate key; through a base class declared elsewhere, known only at compilation end.
        var atEnd = facts.NeedsInheritedBodies(passed.ValueUses, anyKeyUses.ToImmutable());
        Dictionary<int, (StateRead? Read, string KeyText)>? reads = null;
        StateRead? unkeyed = null;
        void JudgeReads()
        {
            reads = keyUses.ToDictionary(
                k => k.Key,
                k => (k.Value.HoldsThis ? null : facts.FirstStateNotInKey(passed.ValueUses, k.Value.Uses), k.Value.KeyText));
            unkeyed = facts.FirstStateNotInKey(passed.ValueUses, ImmutableArray<InstanceMemberUse>.Empty);
        }

        if (!atEnd)
        {
            JudgeReads();
            if (unkeyed is null)
            {
                return; // nothing the value reads can differ between instances
            }
        }

        helpers.Defer(passed.Call.TargetMethod, passed.DelegateOrdinal, stored =>
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
            return read is null ? null : CreateDiagnostic(DiagnosticDescriptors.SharedCacheIgnoresInstanceStateAtEnd, location, stored.Write.Cache, keyText, read, type);
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

    private static void FindCandidates(IOperation body, ISymbol owner, CacheModel model, ConcurrentQueue<CandidateWrite> candidates, FactoryHelpers helpers)
    {
        foreach (var access in model.GetAccesses(body))
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
                continue;
            }

            var keyUses = ValueSources.InstanceMemberUses(ImmutableArray.Create(key));
            var valueUses = ValueSources.WithoutFieldsUsedAsLocals(
                ValueSources.InstanceMemberUses(ValueSources.OfStoredValue(access), ValueSources.ThisParameters(access)), access, keyUses);
            // A fresh per-key object whose own state is the point (a named sequence) is shared by design.
            if (!valueUses.IsEmpty && !model.StoresFreshState(access))
            {
                candidates.Enqueue(new CandidateWrite(access, valueUses, keyUses));
            }
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

    /// <summary>A delegate reading instance state, passed to another type's method at <see cref="DelegateOrdinal"/>.</summary>
    private sealed class PassedToOtherType
    {
        public PassedToOtherType(IInvocationOperation call, int delegateOrdinal, ImmutableArray<InstanceMemberUse> valueUses)
        {
            Call = call;
            DelegateOrdinal = delegateOrdinal;
            ValueUses = valueUses;
        }

        public IInvocationOperation Call { get; }

        public int DelegateOrdinal { get; }

        public ImmutableArray<InstanceMemberUse> ValueUses { get; }
    }

    private sealed class CandidateWrite
    {
        public CandidateWrite(CacheAccess access, ImmutableArray<InstanceMemberUse> valueUses, ImmutableArray<InstanceMemberUse> keyUses)
        {
            Access = access;
            ValueUses = valueUses;
            KeyUses = keyUses;
        }

        public CacheAccess Access { get; }

        public ImmutableArray<InstanceMemberUse> ValueUses { get; }

        public ImmutableArray<InstanceMemberUse> KeyUses { get; }
    }
}
