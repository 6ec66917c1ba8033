using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.HoldInstanceWeakly;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0001 fix 3, the weak-reference answer to B019: the static cache keyed by <c>(this, …)</c> becomes a
/// <c>WeakLruCache&lt;TOwner, TKey, TValue&gt;</c>, which never keeps its owners alive. Offered only when every use of the
/// field is a shape it can rewrite faithfully (see <see cref="WeakOwnerCachePlan"/>).
/// </summary>
public sealed class HoldInstanceWeaklyFix : CacheFieldFix
{
    public static HoldInstanceWeaklyFix Instance { get; } = new();

    public override string Name => "HoldInstanceWeakly";

    protected override string Title(Document document, IFieldSymbol field) => $"Hold instances weakly in '{field.Name}' (WeakLruCache)";

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var plan = await WeakOwnerCachePlan.TryCreateAsync(document.Project.Solution, field, cancellationToken).ConfigureAwait(false);
        return plan is null ? null : plan.ApplyAsync;
    }
}
