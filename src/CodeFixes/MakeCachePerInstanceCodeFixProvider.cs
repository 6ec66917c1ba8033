using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// "Make the cache per-instance", for SC0001 (the cache keeps instances alive) and SC0005 (the cache ignores instance
/// state): the static cache becomes an instance field, so it dies with its instance and holds only that instance's
/// values (see <see cref="PerInstanceCacheTransformation"/> for when it is offered and what it rewrites).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeCachePerInstanceCodeFixProvider)), Shared]
public sealed class MakeCachePerInstanceCodeFixProvider : CacheFieldCodeFixProvider
{
    public const string EquivalenceKey = "SafeCache.MakeCachePerInstance";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.SharedCacheCapturesInstanceId,
        DiagnosticDescriptors.SharedCacheIgnoresInstanceStateId);

    protected override string Title => "Make the cache per-instance";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
        => await PerInstanceCacheTransformation.CanMakePerInstanceAsync(document, field, cancellationToken).ConfigureAwait(false)
            ? ct => PerInstanceCacheTransformation.MakePerInstanceAsync(document, field, ct)
            : null;
}
