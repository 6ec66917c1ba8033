using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.HoldInstanceWeakly;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0001 fix 3, the weak-reference answer to B019: the static cache keyed by <c>(this, …)</c> becomes a
/// <c>WeakLruCache&lt;TOwner, TKey, TValue&gt;</c>, which never keeps its owners alive. Offered only when every use of the
/// field is a shape it can rewrite faithfully (see <see cref="WeakOwnerCachePlan"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoldInstanceWeaklyCodeFixProvider)), Shared]
public sealed class HoldInstanceWeaklyCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0001.HoldInstanceWeakly";

    internal const string Title = "Hold the instance weakly (WeakLruCache)";

    // Several writes to one field all lead to the same field-wide rewrite, which batch merging cannot combine.
    private static readonly FixAllProvider FixAll = new CacheFieldFixAllProvider(EquivalenceKey, Title, FixFieldAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstanceId);

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var field = await CacheFieldLocator.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (field is null)
            {
                continue;
            }

            var plan = await WeakOwnerCachePlan.TryCreateAsync(context.Document.Project.Solution, field, context.CancellationToken).ConfigureAwait(false);
            if (plan is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, plan.ApplyAsync, EquivalenceKey), diagnostic);
            }
        }
    }

    /// <summary>The whole-field rewrite, or the solution unchanged when the field cannot be held weakly.</summary>
    private static async Task<Solution> FixFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
        => await WeakOwnerCachePlan.TryCreateAsync(document.Project.Solution, field, cancellationToken).ConfigureAwait(false) is { } plan
            ? await plan.ApplyAsync(cancellationToken).ConfigureAwait(false)
            : document.Project.Solution;
}
