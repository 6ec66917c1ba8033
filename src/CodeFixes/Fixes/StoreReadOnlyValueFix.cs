using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.StoreReadOnlyValue;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0002 fix 2: the cache stores read-only values and the members that return them say so (see
/// <see cref="ReadOnlyValuePlan"/>). A whole-field rewrite: Fix All with this fix's key rewrites each cache once.
/// </summary>
public sealed class StoreReadOnlyValueFix : CacheFieldFix
{
    public static StoreReadOnlyValueFix Instance { get; } = new();

    public override string Name => "StoreReadOnlyValue";

    protected override string Title(Document document, IFieldSymbol field) => $"Store read-only values in '{field.Name}'";

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        // The whole rewrite and its trial compile run while planning: whether the result compiles decides if the fix is
        // offered (a caller that mutates the result keeps it away). The light bulb's action then reuses the result.
        var fixedSolution = await ReadOnlyValuePlan.TryApplyAsync(document, field, cancellationToken).ConfigureAwait(false);
        return fixedSolution is null ? null : _ => Task.FromResult(fixedSolution);
    }
}
