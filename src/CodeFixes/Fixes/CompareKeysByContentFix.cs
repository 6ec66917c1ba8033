using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.CodeFixes.CompareKeysByContent;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0004 fix for a cache keyed by arrays or lists: its creation gets SafeCache's <c>SequenceEqualityComparer&lt;T&gt;.Default</c>,
/// so keys with the same elements are the same key (see <see cref="ContentComparerPlan"/>). The creation is the
/// diagnostic's first additional location and the plan's anchor.
/// </summary>
public sealed class CompareKeysByContentFix : CacheFix
{
    public static CompareKeysByContentFix Instance { get; } = new();

    public override string Name => "CompareKeysByContent";

    public override async Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || document.Project.Solution.GetDocument(diagnostic.AdditionalLocations[0].SourceTree) is not { } creationDocument
            || await FindAsync(creationDocument, diagnostic.AdditionalLocations[0].SourceSpan, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var documentId = creationDocument.Id;
        var targetId = Anchors.TargetId(creationDocument, found.Creation, "creation");
        var name = found.Plan.CacheName;
        return new CacheFixPlan(
            this,
            name is null ? "Compare the cache's keys by content" : $"Compare the keys of '{name}' by content",
            targetId,
            found.Creation,
            async (solution, ct) => await CacheFixPlan.FindAnchorAsync(solution, documentId, targetId, ct).ConfigureAwait(false) is { } anchor
                ? await ApplyAsync(anchor.Document, anchor.Node.Span, ct).ConfigureAwait(false)
                : solution);
    }

    private static async Task<(BaseObjectCreationExpressionSyntax Creation, ContentComparerPlan Plan)?> FindAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || !root.FullSpan.Contains(span)
            || root.FindNode(span, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
        {
            return null;
        }

        var model = CodeFixCacheModel.For(semanticModel.Compilation, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        return ContentComparerPlan.TryCreate(semanticModel, creation, model, cancellationToken) is { } plan ? (creation, plan) : null;
    }

    private static async Task<Solution> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        if (await FindAsync(document, span, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return document.Project.Solution;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(found.Creation, (current, _) => found.Plan.Apply(current));
        var fixedDocument = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return fixedDocument.Project.Solution;
    }
}
