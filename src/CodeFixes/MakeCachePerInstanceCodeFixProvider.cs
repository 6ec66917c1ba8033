using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.HoldInstanceWeakly;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0001 fix 1: the static cache becomes an instance field, so it dies with its instance
/// (see <see cref="PerInstanceCacheTransformation"/> for when it is offered and what it rewrites).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeCachePerInstanceCodeFixProvider)), Shared]
public sealed class MakeCachePerInstanceCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0001.MakeCachePerInstance";

    internal const string Title = "Make the cache per-instance";

    private static readonly FixAllProvider FixAll = new CacheFieldFixAllProvider(EquivalenceKey, Title, PerInstanceCacheTransformation.MakePerInstanceAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstanceId);

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var field = await CacheFieldLocator.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (field is null
                || !await PerInstanceCacheTransformation.CanMakePerInstanceAsync(context.Document, field, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => PerInstanceCacheTransformation.MakePerInstanceAsync(document, field, ct), EquivalenceKey),
                diagnostic);
        }
    }
}
