using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace SafeCache.CodeFixes.FixAll;

/// <summary>
/// One fix a rule offers (a light-bulb entry). A rule's provider lists its fixes in preference order; the first one
/// offered for a diagnostic is the one Fix All and <c>dotnet format</c> apply to it (see <see cref="PreferredFixAllProvider"/>).
/// </summary>
public abstract class CacheFix
{
    /// <summary>The fix's name in its equivalence key, <c>&lt;RuleId&gt;.&lt;Name&gt;</c> (e.g. <c>MakeCachePerInstance</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The stable key of this fix for <paramref name="diagnosticId"/>: picking it in the IDE and fixing all applies this fix wherever it is offered.</summary>
    public string EquivalenceKey(string diagnosticId) => FixKeys.For(diagnosticId, Name);

    /// <summary>
    /// Whether this fix is offered for <paramref name="diagnostic"/> and, if so, how it would rewrite the code: decided
    /// without the expensive work of the rewrite itself, which the plan does when it is applied. Null when not offered.
    /// </summary>
    public abstract Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);
}

/// <summary>The one place equivalence keys are spelled.</summary>
public static class FixKeys
{
    /// <summary><c>&lt;RuleId&gt;.&lt;FixName&gt;</c>, e.g. <c>SC0001.MakeCachePerInstance</c>.</summary>
    public static string For(string diagnosticId, string fixName) => diagnosticId + "." + fixName;
}

/// <summary>
/// A planned fix: its light-bulb title, what it rewrites (<see cref="TargetId"/>, so two diagnostics on one cache rewrite
/// it once) and how to rewrite it in a solution that other fixes may already have changed.
/// </summary>
/// <remarks>
/// A target that has no stable name (a returned expression, a cache creation) is an <see cref="Anchor"/>: before any plan
/// runs, <see cref="ApplyAllAsync"/> marks every anchor node with an annotation, and the plan finds its node again with
/// <see cref="FindAnchorAsync"/> however the other fixes moved it.
/// </remarks>
public sealed class CacheFixPlan
{
    private const string AnchorKind = "SafeCache.FixTarget";

    private readonly Func<Solution, CancellationToken, Task<Solution>> _apply;

    public CacheFixPlan(CacheFix fix, string title, string targetId, Func<Solution, CancellationToken, Task<Solution>> apply)
        : this(fix, title, targetId, anchor: null, apply)
    {
    }

    internal CacheFixPlan(CacheFix fix, string title, string targetId, SyntaxNode? anchor, Func<Solution, CancellationToken, Task<Solution>> apply)
    {
        Fix = fix ?? throw new ArgumentNullException(nameof(fix));
        Title = title ?? throw new ArgumentNullException(nameof(title));
        TargetId = targetId ?? throw new ArgumentNullException(nameof(targetId));
        Anchor = anchor;
        _apply = apply ?? throw new ArgumentNullException(nameof(apply));
    }

    public CacheFix Fix { get; }

    /// <summary>The light-bulb title, an action naming what it changes (<c>Make 's_cache' per-instance</c>).</summary>
    public string Title { get; }

    /// <summary>Identifies what the fix rewrites (e.g. a field's project and documentation ID), stable across other fixes' edits.</summary>
    public string TargetId { get; }

    /// <summary>The node the fix rewrites when it has no stable name, in the solution the plan was made on.</summary>
    internal SyntaxNode? Anchor { get; }

    /// <summary>Applies the fix to <paramref name="solution"/>, finding its target again; returns it unchanged when the fix no longer applies.</summary>
    public Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken) => ApplyAllAsync(solution, new[] { this }, cancellationToken);

    /// <summary>Marks the plans' anchors in <paramref name="solution"/> (the one they were made on), then applies the plans in order.</summary>
    internal static async Task<Solution> ApplyAllAsync(Solution solution, IReadOnlyList<CacheFixPlan> plans, CancellationToken cancellationToken)
    {
        foreach (var tree in plans.Where(p => p.Anchor is not null).GroupBy(p => p.Anchor!.SyntaxTree))
        {
            if (solution.GetDocumentId(tree.Key) is not { } documentId)
            {
                continue;
            }

            // A syntax editor, not a document editor: marking nodes needs no semantic model.
            var editor = new SyntaxEditor(await tree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false), solution.Services);
            foreach (var anchored in tree.GroupBy(p => p.Anchor!))
            {
                var annotations = anchored.Select(p => new SyntaxAnnotation(AnchorKind, p.TargetId)).ToArray();
                editor.ReplaceNode(anchored.Key, (current, _) => current.WithAdditionalAnnotations(annotations));
            }

            solution = solution.WithDocumentSyntaxRoot(documentId, editor.GetChangedRoot());
        }

        foreach (var plan in plans)
        {
            cancellationToken.ThrowIfCancellationRequested();
            solution = await plan._apply(solution, cancellationToken).ConfigureAwait(false);
        }

        return solution;
    }

    /// <summary>The anchor of the plan with <paramref name="targetId"/> in <paramref name="solution"/> and its document; null when it is gone.</summary>
    internal static async Task<(Document Document, SyntaxNode Node)?> FindAnchorAsync(Solution solution, DocumentId documentId, string targetId, CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(documentId);
        var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.GetAnnotatedNodes(AnchorKind).FirstOrDefault(n => n.GetAnnotations(AnchorKind).Any(a => a.Data == targetId));
        return node is null ? null : (document!, node);
    }
}
