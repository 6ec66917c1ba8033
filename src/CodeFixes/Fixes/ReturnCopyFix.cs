using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0002 fix 1, the preferred one: the member returns a copy of the cached value, of the same type, so callers can
/// change what they get without changing the cache (see <see cref="MutableValueCopy"/>). Its target is the returned
/// expression, an anchor: Fix All copies each one once, in one pass per document.
/// </summary>
public sealed class ReturnCopyFix : CacheFix
{
    public static ReturnCopyFix Instance { get; } = new();

    public override string Name => "ReturnCopy";

    public override async Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null
            || MutableValueCopy.Find(root, diagnostic.Location.SourceSpan) is not { } expression
            || !MutableValueCopy.CanCopy(semanticModel, expression, cancellationToken))
        {
            return null;
        }

        var cache = await CacheFieldLocator.FindCacheAsync(document, diagnostic.Location.SourceSpan, cancellationToken).ConfigureAwait(false);
        var documentId = document.Id;
        var targetId = Anchors.TargetId(document, expression, "return");
        return new CacheFixPlan(
            this,
            cache is null ? "Return a copy of the cached value" : $"Return a copy of the value cached in '{cache.Name}'",
            targetId,
            expression,
            async (solution, ct) => await CacheFixPlan.FindAnchorAsync(solution, documentId, targetId, ct).ConfigureAwait(false) is { Node: ExpressionSyntax returned } anchor
                ? (await MutableValueCopy.ApplyAsync(anchor.Document, returned, ct).ConfigureAwait(false)).Project.Solution
                : solution);
    }
}
