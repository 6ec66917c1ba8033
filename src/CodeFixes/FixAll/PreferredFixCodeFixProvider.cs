using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SafeCache.CodeFixes.FixAll;

/// <summary>
/// Base of every SafeCache code fix provider: one provider per rule, listing the rule's fixes in preference order
/// (the order of the light bulb and of the rule's docs page). The first fix offered for a diagnostic is registered
/// under the rule's preferred key (<see cref="PreferredFixAllProvider.PreferredKey"/>), the others under their own keys;
/// Fix All is <see cref="PreferredFixAllProvider"/>.
/// </summary>
/// <remarks>
/// One provider per rule matters for <c>dotnet format analyzers</c>: it runs Fix All once per provider with the key of
/// the first action that provider registers for the first diagnostic, so that key must mean "each diagnostic's own
/// first fix", and a second provider must not compete for the same diagnostics.
/// </remarks>
public abstract class PreferredFixCodeFixProvider : CodeFixProvider
{
    private readonly string _diagnosticId;
    private readonly ImmutableArray<CacheFix> _fixes;

    /// <param name="diagnosticId">The rule this provider fixes.</param>
    /// <param name="fixes">The rule's fixes, most preferred first (the order of its docs page).</param>
    protected PreferredFixCodeFixProvider(string diagnosticId, params CacheFix[] fixes)
    {
        _diagnosticId = diagnosticId;
        _fixes = ImmutableArray.Create(fixes);
        FixableDiagnosticIds = ImmutableArray.Create(diagnosticId);
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <summary>The fixes for <paramref name="diagnosticId"/>, most preferred first; empty for an ID this provider does not fix.</summary>
    public ImmutableArray<CacheFix> GetFixes(string diagnosticId) => diagnosticId == _diagnosticId ? _fixes : ImmutableArray<CacheFix>.Empty;

    public sealed override FixAllProvider GetFixAllProvider() => PreferredFixAllProvider.Instance;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            var plans = await GetOfferedPlansAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            for (var i = 0; i < plans.Length; i++)
            {
                var plan = plans[i];
                var key = i == 0 ? PreferredFixAllProvider.PreferredKey(diagnostic.Id) : plan.Fix.EquivalenceKey(diagnostic.Id);
                context.RegisterCodeFix(CodeAction.Create(plan.Title, ct => plan.ApplyAsync(solution, ct), key), diagnostic);
            }
        }
    }

    /// <summary>The fixes offered for <paramref name="diagnostic"/>, planned, in preference order: what the light bulb lists.</summary>
    public async Task<ImmutableArray<CacheFixPlan>> GetOfferedPlansAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var plans = ImmutableArray.CreateBuilder<CacheFixPlan>();
        foreach (var fix in GetFixes(diagnostic.Id))
        {
            if (await fix.TryPlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return plans.ToImmutable();
    }
}
