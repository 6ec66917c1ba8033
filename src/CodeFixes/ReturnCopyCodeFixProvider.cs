using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0002 fix 1, the preferred one: the member returns a copy of the cached value, of the same type, so callers can
/// change what they get without changing the cache (see <see cref="MutableValueCopy"/>).
/// </summary>
/// <remarks>
/// Fix All applies this fix to every diagnostic where it is offered, in one pass per document, unless the user picked
/// "Store a read-only value" (its own equivalence key): this is the preferred fix of every SC0002 diagnostic.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnCopyCodeFixProvider)), Shared]
public sealed class ReturnCopyCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0002.ReturnCopy";

    internal const string Title = "Return a copy";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CachedMutableValueEscapesId);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(
            async (context, document, diagnostics) => context.CodeActionEquivalenceKey == StoreReadOnlyValueCodeFixProvider.EquivalenceKey
                ? null
                : await MutableValueCopy.ApplyAsync(document, diagnostics.Select(d => d.Location.SourceSpan).ToList(), context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var span = diagnostic.Location.SourceSpan;
            if (MutableValueCopy.Find(root, span) is { } expression && MutableValueCopy.CanCopy(semanticModel, expression, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => MutableValueCopy.ApplyAsync(context.Document, new[] { span }, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }
}
