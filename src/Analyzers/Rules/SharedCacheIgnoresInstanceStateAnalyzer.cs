using System.Collections.Concurrent;
using System.Collections.Immutable;
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
/// that helper method read?), so each type collects facts from all of its member bodies and decides at its end.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheIgnoresInstanceStateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheIgnoresInstanceState);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = CacheModel.Create(start.Compilation, start.Options);
            var enumerable = start.Compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, model, enumerable), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolStartAnalysisContext context, CacheModel model, INamedTypeSymbol enumerable)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var facts = new TypeStateFacts(type, enumerable);
        var candidates = new ConcurrentQueue<CandidateWrite>();
        var singleton = SingletonTracker.TryStart(context, type);

        var blocks = new ConcurrentQueue<(ISymbol Owner, ImmutableArray<IOperation> Operations)>();

        context.RegisterOperationBlockAction(block =>
        {
            // Facts about the type are only needed when it writes a candidate: keep the blocks, decide at the end.
            blocks.Enqueue((block.OwningSymbol, block.OperationBlocks));
            if (SymbolEqualityComparer.Default.Equals(block.OwningSymbol.ContainingType, type))
            {
                foreach (var operation in block.OperationBlocks)
                {
                    if (operation is not (IFieldInitializerOperation or IPropertyInitializerOperation))
                    {
                        FindCandidates(operation, block.OwningSymbol, model, candidates);
                    }
                }
            }
        });

        context.RegisterSymbolEndAction(end =>
        {
            // A provable singleton is the only instance: there is no other instance to serve the wrong result to.
            if (candidates.IsEmpty || singleton?.IsSingleton == true)
            {
                return;
            }

            foreach (var (owner, operations) in blocks)
            {
                RecordFacts(facts, owner, operations, type);
            }

            foreach (var candidate in candidates)
            {
                if (facts.FirstStateNotInKey(candidate.ValueUses, candidate.KeyUses) is { } read)
                {
                    end.ReportDiagnostic(CreateDiagnostic(candidate, read, type));
                }
            }
        });
    }

    private static void RecordFacts(TypeStateFacts facts, ISymbol owner, ImmutableArray<IOperation> operations, INamedTypeSymbol type)
    {
        // Writes are recorded from nested types too (they may assign our private fields); the rest only from our own members.
        facts.RecordWrites(operations);
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

    /// <summary>Shared-cache writes in an instance context whose key and stored values do not hold <c>this</c> (that is SC0001's case).</summary>
    private static void FindCandidates(IOperation body, ISymbol owner, CacheModel model, ConcurrentQueue<CandidateWrite> candidates)
    {
        foreach (var access in model.GetAccesses(body))
        {
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
            if (!valueUses.IsEmpty)
            {
                candidates.Enqueue(new CandidateWrite(access, valueUses, keyUses));
            }
        }
    }

    private static Diagnostic CreateDiagnostic(CandidateWrite candidate, StateRead read, INamedTypeSymbol type)
    {
        var access = candidate.Access;
        var stateName = read.State.Name;
        return Diagnostic.Create(
            DiagnosticDescriptors.SharedCacheIgnoresInstanceState,
            access.Operation.Syntax.GetLocation(),
            access.Cache.Name,
            access.Key!.Syntax.ToString(),
            read.State is IParameterSymbol ? stateName : "this." + stateName,
            read.Through is null ? string.Empty : $" through '{DisplayName(read.Through)}'",
            type.Name,
            stateName);
    }

    /// <summary>The member a user recognises: the property for an accessor.</summary>
    private static string DisplayName(ISymbol member)
        => member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name;

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
