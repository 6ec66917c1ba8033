using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Cli.Analysis;

/// <summary>
/// Reports nothing: counts documents as the analyzer driver finishes them, which CompilationWithAnalyzers offers
/// no other way to observe.
/// </summary>
#pragma warning disable RS1001 // Not exported: the tool adds it to its own analysis only.
internal sealed class DocumentProgressAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    private readonly ProgressDisplay _progress;

    public DocumentProgressAnalyzer(ProgressDisplay progress) => _progress = progress;

    // Never reported; an analyzer with no enabled descriptor would be skipped by the driver.
#pragma warning disable RS2008 // An internal helper of the tool, not a shipped rule.
    private static readonly DiagnosticDescriptor s_never = new("SCTOOL", "Progress", "Progress", "Tool", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterSemanticModelAction(_ => _progress.DocumentDone());
    }
}
