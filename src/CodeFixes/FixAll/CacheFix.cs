using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SafeCache.CodeFixes.FixAll;

/// <summary>
/// One fix a rule offers (a light-bulb entry). A rule's provider lists its fixes in preference order; the first one
/// offered for a diagnostic is the one Fix All and <c>dotnet format</c> apply to it (see <see cref="PreferredFixAllProvider"/>).
/// </summary>
public abstract class CacheFix
{
    /// <summary>The title users see in the light bulb.</summary>
    public abstract string Title { get; }

    /// <summary>The stable key of this fix: picking it in the IDE and fixing all applies this fix wherever it is offered.</summary>
    public abstract string EquivalenceKey { get; }

    /// <summary>How this fix would rewrite the code behind <paramref name="diagnostic"/>, or null when it is not offered there.</summary>
    public abstract Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);
}

/// <summary>
/// A planned fix: what it rewrites (<see cref="TargetId"/>, so two diagnostics on one cache rewrite it once) and how to
/// rewrite it in a solution that other fixes may already have changed.
/// </summary>
public sealed class CacheFixPlan
{
    private readonly Func<Solution, CancellationToken, Task<Solution>> _apply;

    public CacheFixPlan(CacheFix fix, string targetId, Func<Solution, CancellationToken, Task<Solution>> apply)
    {
        Fix = fix ?? throw new ArgumentNullException(nameof(fix));
        TargetId = targetId ?? throw new ArgumentNullException(nameof(targetId));
        _apply = apply ?? throw new ArgumentNullException(nameof(apply));
    }

    public CacheFix Fix { get; }

    /// <summary>Identifies what the fix rewrites (e.g. a field's project and documentation ID), stable across other fixes' edits.</summary>
    public string TargetId { get; }

    /// <summary>Applies the fix to <paramref name="solution"/>, finding its target again; returns it unchanged when the fix no longer applies.</summary>
    public Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken) => _apply(solution, cancellationToken);
}
