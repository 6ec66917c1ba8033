using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// "Make the cache per-instance", for SC0001 (the cache keeps instances alive) and SC0005 (the cache ignores instance
/// state): the static cache becomes an instance field, so it dies with its instance and holds only that instance's
/// values (see <see cref="PerInstanceCacheTransformation"/> for when it is offered and what it rewrites).
/// </summary>
public sealed class MakeCachePerInstanceFix : CacheFieldFix
{
    public static MakeCachePerInstanceFix Instance { get; } = new();

    public override string Name => "MakeCachePerInstance";

    protected override string Title(Document document, IFieldSymbol field) => $"Make '{field.Name}' per-instance";

    protected override Task<Func<CancellationToken, Task<Solution>>?> TryPlanFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
        => PerInstanceCacheTransformation.TryPlanAsync(document, field, cancellationToken);
}
