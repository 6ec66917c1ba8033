using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.HoldInstanceWeakly;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0001 fix 3, the weak-reference answer to B019: the static cache keyed by <c>(this, …)</c> becomes a
/// <c>WeakLruCache&lt;TOwner, TKey, TValue&gt;</c>, which never keeps its owners alive. Offered only when every use of the
/// field is a shape it can rewrite faithfully (see <see cref="WeakOwnerCachePlan"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoldInstanceWeaklyCodeFixProvider)), Shared]
public sealed class HoldInstanceWeaklyCodeFixProvider : CacheFieldCodeFixProvider
{
    public const string EquivalenceKey = "SC0001.HoldInstanceWeakly";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstanceId);

    protected override string Title => "Hold the instance weakly (WeakLruCache)";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var plan = await WeakOwnerCachePlan.TryCreateAsync(document.Project.Solution, field, cancellationToken).ConfigureAwait(false);
        return plan is null ? null : plan.ApplyAsync;
    }
}
