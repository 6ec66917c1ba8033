using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.FixAll;

namespace SafeCache.CodeFixes;

/// <summary>
/// Every SafeCache fix as a library API, for tools that fix without an IDE (a command-line <c>fix</c>): the same choice
/// Fix All makes, each diagnostic's first offered fix.
/// </summary>
public static class SafeCacheFixes
{
    /// <summary>One instance of every SafeCache code fix provider (a new rule's provider is added here).</summary>
    public static ImmutableArray<PreferredFixCodeFixProvider> Providers { get; } = ImmutableArray.Create<PreferredFixCodeFixProvider>(
        new SharedCacheCapturesInstanceCodeFixProvider(),
        new CachedMutableValueEscapesCodeFixProvider(),
        new UnboundedSharedCacheCodeFixProvider(),
        new MutableOrIdentityCacheKeyCodeFixProvider(),
        new SharedCacheIgnoresInstanceStateCodeFixProvider());

    /// <summary>The fixes for <paramref name="diagnosticId"/> in preference order; empty when SafeCache has none.</summary>
    public static ImmutableArray<CacheFix> GetFixes(string diagnosticId)
        => Providers.Select(p => p.GetFixes(diagnosticId)).FirstOrDefault(f => !f.IsDefaultOrEmpty) is { IsDefault: false } fixes
            ? fixes
            : ImmutableArray<CacheFix>.Empty;

    /// <summary>
    /// Applies to each of <paramref name="diagnostics"/> (in <paramref name="solution"/>) its first offered fix, or only the
    /// fix with <paramref name="equivalenceKey"/> where it is offered; diagnostics without a fix are left as they are.
    /// </summary>
    public static Task<Solution> FixAllAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, string? equivalenceKey = null, CancellationToken cancellationToken = default)
        => PreferredFixAllProvider.FixAllAsync(solution, diagnostics, GetFixes, equivalenceKey, cancellationToken);
}
