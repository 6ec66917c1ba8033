using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.CompareKeysByContent;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0004 fix for a cache keyed by arrays or lists: give its creation SafeCache's
/// <c>SequenceEqualityComparer&lt;T&gt;.Default</c>, so keys with the same elements are the same key.
/// <c>new Dictionary&lt;int[], V&gt;()</c> becomes <c>new Dictionary&lt;int[], V&gt;(SequenceEqualityComparer&lt;int&gt;.Default)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CompareKeysByContentCodeFixProvider)), Shared]
public sealed class CompareKeysByContentCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0004.CompareKeysByContent";

    internal const string Title = "Compare keys by content";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MutableOrIdentityCacheKeyId);

    // Each creation is its own edit: one document pass fixes them all and adds 'using SafeCache;' once.
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(
            async (context, document, diagnostics) => context.CodeActionEquivalenceKey == EquivalenceKey
                ? await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)
                : null);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plans = await CreatePlansAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (plans.Count > 0)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = await CreatePlansAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (plans.Count == 0 || root is null)
        {
            return document;
        }

        var newRoot = root.ReplaceNodes(plans.Keys, (original, rewritten) => plans[original].Apply(rewritten));
        return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(newRoot), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creation → plan, for the diagnostics that carry a cache creation (its location is the first additional location).</summary>
    private static async Task<Dictionary<BaseObjectCreationExpressionSyntax, ContentComparerPlan>> CreatePlansAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<BaseObjectCreationExpressionSyntax, ContentComparerPlan>();
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return plans;
        }

        var model = Transformations.CodeFixCacheModel.Create(semanticModel.Compilation, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation
                || plans.ContainsKey(creation))
            {
                continue;
            }

            if (ContentComparerPlan.TryCreate(semanticModel, creation, model, cancellationToken) is { } plan)
            {
                plans.Add(creation, plan);
            }
        }

        return plans;
    }
}
