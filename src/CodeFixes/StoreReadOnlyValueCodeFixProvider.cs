using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.StoreReadOnlyValue;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0002 fix 2: the cache stores read-only values (<c>IReadOnlyList&lt;T&gt;</c> holding arrays) and the members that
/// return them say so (see <see cref="ReadOnlyValuePlan"/>). A whole-field rewrite: Fix All rewrites each cache once,
/// when the user picked this fix; otherwise Fix All applies the preferred "Return a copy".
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StoreReadOnlyValueCodeFixProvider)), Shared]
public sealed class StoreReadOnlyValueCodeFixProvider : CacheFieldCodeFixProvider
{
    public const string EquivalenceKey = "SC0002.StoreReadOnlyValue";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CachedMutableValueEscapesId);

    protected override string Title => "Store a read-only value";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var fixedSolution = await ReadOnlyValuePlan.TryApplyAsync(document, field, cancellationToken).ConfigureAwait(false);
        return fixedSolution is null ? null : _ => Task.FromResult(fixedSolution);
    }
}
