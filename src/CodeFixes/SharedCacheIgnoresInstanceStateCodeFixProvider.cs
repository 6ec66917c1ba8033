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
/// SC0005 fix: the static cache becomes an instance field, so each instance caches the values computed from its own
/// state. The same rewrite as SC0001's first fix (<see cref="PerInstanceCacheTransformation"/>: offered only when the
/// field is private and every use is inside instance members of its type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedCacheIgnoresInstanceStateCodeFixProvider)), Shared]
public sealed class SharedCacheIgnoresInstanceStateCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0005.MakeCachePerInstance";

    internal const string Title = "Make the cache per-instance";

    // Several writes to one field lead to the same field-wide rewrite: Fix All rewrites each field once.
    private static readonly FixAllProvider FixAll = new CacheFieldFixAllProvider(EquivalenceKey, Title, PerInstanceCacheTransformation.MakePerInstanceAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheIgnoresInstanceStateId);

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
