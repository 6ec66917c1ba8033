using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>
/// Analyzers that register what SafeCache's analyzers register and do nothing in their callbacks: what Roslyn charges
/// an analyzer for being called at all. Measured in the same pass as the others, they show how much of a SafeCache
/// analyzer's time is its own work and how much is the floor of its registrations.
/// </summary>
internal static class ReferenceAnalyzers
{
    public const string SetName = "Empty callbacks (reference)";

    // Never reported: an analyzer without a supported, enabled diagnostic is not run at all.
    private static readonly DiagnosticDescriptor Unused = new(
        "REF0001", "Never reported", "Never reported", "Reference", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>The operation kinds SafeCache's five analyzers register for, together.</summary>
    private static readonly ImmutableArray<OperationKind> SafeCacheKinds = ImmutableArray.Create(
        OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.FieldReference, OperationKind.ParameterReference,
        OperationKind.MethodReference, OperationKind.Return, OperationKind.ObjectCreation, OperationKind.VariableDeclarator,
        OperationKind.SimpleAssignment, OperationKind.CoalesceAssignment);

    private static readonly ImmutableArray<OperationKind> AccessKinds = ImmutableArray.Create(OperationKind.Invocation, OperationKind.PropertyReference);

    public static AnalyzerSet Set() => new(SetName, ImmutableArray.Create<DiagnosticAnalyzer>(
        new EmptyAccessAnalyzer(), new EmptyOperationAnalyzer(), new EmptyPerTypeAnalyzer()));

    /// <summary>One no-op action on every call and property reference: the least an analyzer of cache accesses can register.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyAccessAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterOperationAction(static _ => { }, AccessKinds));
        }
    }

    /// <summary>One no-op action on every operation kind any SafeCache analyzer registers for.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterOperationAction(static _ => { }, SafeCacheKinds));
        }
    }

    /// <summary>
    /// The per-type shape of SC0001, SC0002 and SC0005: a symbol-start action per type that registers operation
    /// actions and a symbol-end action.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EmptyPerTypeAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Unused);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => start.RegisterSymbolStartAction(
                type =>
                {
                    type.RegisterOperationAction(static _ => { }, AccessKinds);
                    type.RegisterSymbolEndAction(static _ => { });
                },
                SymbolKind.NamedType));
        }
    }
}
