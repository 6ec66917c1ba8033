using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// Kept for SC0002's "Store a read-only value" until SC0002 moves onto <see cref="FixAll.PreferredFixCodeFixProvider"/>
/// (one provider per rule, each diagnostic's first fix in Fix All); the other rules' field fixes are
/// <see cref="FixAll.CacheFieldFix"/>s. Base of the fixes that rewrite one cache field as a whole, its declaration and every use: it finds the field behind
/// the diagnostic, asks the fix for a faithful rewrite, and fixes all by rewriting each field once
/// (<see cref="CacheFieldFixAllProvider"/>), since batch merging cannot combine two rewrites of the same field.
/// </summary>
public abstract class CacheFieldCodeFixProvider : CodeFixProvider
{
    private FixAllProvider? _fixAll;

    /// <summary>The title users see in the light bulb.</summary>
    protected abstract string Title { get; }

    /// <summary>The stable key that identifies this fix for Fix All and <c>dotnet format</c>.</summary>
    protected abstract string ActionEquivalenceKey { get; }

    public sealed override FixAllProvider GetFixAllProvider()
        => _fixAll ??= new CacheFieldFixAllProvider(ActionEquivalenceKey, Title, FixFieldAsync);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var field = await CacheFieldLocator.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            var rewrite = field is null ? null : await TryPlanAsync(context.Document, field, context.CancellationToken).ConfigureAwait(false);
            if (rewrite is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, rewrite, ActionEquivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>The rewrite of <paramref name="field"/>, or null when this fix cannot rewrite it faithfully (then it is not offered).</summary>
    protected abstract Task<Func<CancellationToken, Task<Solution>>?> TryPlanAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken);

    private async Task<Solution> FixFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
        => await TryPlanAsync(document, field, cancellationToken).ConfigureAwait(false) is { } rewrite
            ? await rewrite(cancellationToken).ConfigureAwait(false)
            : document.Project.Solution;
}
