using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SafeCache.CodeFixes.FixAll;

/// <summary>
/// Fix All, one diagnostic at a time. With the rule's preferred key (or none, as <c>dotnet format</c> passes when the
/// first diagnostic has no fix) every diagnostic gets the first fix its light bulb offers; with a specific fix's key
/// that fix is applied wherever it is offered. Diagnostics without a fix are skipped. Fixes are chosen on the
/// unchanged solution, each target (a cache field) is rewritten once, and targets are rewritten in a fixed order, so
/// the result does not depend on the order the diagnostics arrive in.
/// </summary>
public sealed class PreferredFixAllProvider : FixAllProvider
{
    private const string PreferredKeyPrefix = "SafeCache.PreferredFix.";

    private PreferredFixAllProvider()
    {
    }

    /// <summary>The one instance every <see cref="PreferredFixCodeFixProvider"/> returns.</summary>
    public static PreferredFixAllProvider Instance { get; } = new();

    /// <summary>The equivalence key of the first fix offered for a diagnostic of <paramref name="diagnosticId"/>.</summary>
    public static string PreferredKey(string diagnosticId) => PreferredKeyPrefix + diagnosticId;

    /// <summary>True when <paramref name="equivalenceKey"/> asks for each diagnostic's preferred fix rather than one specific fix.</summary>
    public static bool IsPreferredKey(string? equivalenceKey)
        => equivalenceKey is null || equivalenceKey.StartsWith(PreferredKeyPrefix, StringComparison.Ordinal);

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeFixProvider is not PreferredFixCodeFixProvider provider)
        {
            return null;
        }

        var ids = fixAllContext.DiagnosticIds.ToImmutableHashSet(StringComparer.Ordinal);
        var diagnostics = (await FixAllScopeDiagnostics.CollectAsync(fixAllContext).ConfigureAwait(false)).Where(d => ids.Contains(d.Id)).ToImmutableArray();
        var key = fixAllContext.CodeActionEquivalenceKey;
        var plans = await PlanAsync(fixAllContext.Solution, diagnostics, provider.GetFixes, key, fixAllContext.CancellationToken).ConfigureAwait(false);
        if (plans.IsEmpty)
        {
            return null;
        }

        var solution = fixAllContext.Solution;
        var title = IsPreferredKey(key) ? "Fix all with each cache's first fix" : "Fix all: " + key;
        return CodeAction.Create(title, ct => ApplyAsync(solution, plans, ct), key);
    }

    /// <summary>
    /// Library entry point (for tools such as a command-line fixer): plans and applies <paramref name="equivalenceKey"/>'s
    /// fix, or each diagnostic's preferred fix when it is null, to every diagnostic that has one.
    /// </summary>
    /// <param name="solution">The solution the diagnostics were reported on.</param>
    /// <param name="diagnostics">The diagnostics to fix; those without a fix are skipped.</param>
    /// <param name="getFixes">The fixes for a diagnostic ID in preference order (e.g. <see cref="PreferredFixCodeFixProvider.GetFixes"/>).</param>
    /// <param name="equivalenceKey">A specific fix's key, or null (or a preferred key) for each diagnostic's first fix.</param>
    /// <param name="cancellationToken">Cancels the planning and the rewrite.</param>
    public static async Task<Solution> FixAllAsync(
        Solution solution,
        IEnumerable<Diagnostic> diagnostics,
        Func<string, ImmutableArray<CacheFix>> getFixes,
        string? equivalenceKey,
        CancellationToken cancellationToken)
    {
        if (solution is null)
        {
            throw new ArgumentNullException(nameof(solution));
        }

        if (diagnostics is null)
        {
            throw new ArgumentNullException(nameof(diagnostics));
        }

        if (getFixes is null)
        {
            throw new ArgumentNullException(nameof(getFixes));
        }

        var plans = await PlanAsync(solution, diagnostics, getFixes, equivalenceKey, cancellationToken).ConfigureAwait(false);
        var fixedSolution = await ApplyAsync(solution, plans, cancellationToken).ConfigureAwait(false);
        return await CleanUpAsync(solution, fixedSolution, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a code action does after its edits, which callers outside one must do themselves: shorten the names, format the nodes the fixes marked and the whitespace they left elastic.</summary>
    private static async Task<Solution> CleanUpAsync(Solution original, Solution fixedSolution, CancellationToken cancellationToken)
    {
        foreach (var projectChanges in fixedSolution.GetChanges(original).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments())
            {
                var document = fixedSolution.GetDocument(documentId)!;
                document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, optionSet: null, cancellationToken).ConfigureAwait(false);
                document = await Formatter.FormatAsync(document, Formatter.Annotation, options: null, cancellationToken).ConfigureAwait(false);
                document = await Formatter.FormatAsync(document, SyntaxAnnotation.ElasticAnnotation, options: null, cancellationToken).ConfigureAwait(false);
                fixedSolution = document.Project.Solution;
            }
        }

        return fixedSolution;
    }

    /// <summary>The fix for each diagnostic, one per target, ordered by target.</summary>
    public static async Task<ImmutableArray<CacheFixPlan>> PlanAsync(
        Solution solution,
        IEnumerable<Diagnostic> diagnostics,
        Func<string, ImmutableArray<CacheFix>> getFixes,
        string? equivalenceKey,
        CancellationToken cancellationToken)
    {
        var preferred = IsPreferredKey(equivalenceKey);
        var byTarget = new Dictionary<string, (CacheFixPlan Plan, (string Path, int Start, string Id, int Rank) Order)>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!diagnostic.Location.IsInSource || solution.GetDocument(diagnostic.Location.SourceTree) is not { } document)
            {
                continue;
            }

            var fixes = getFixes(diagnostic.Id);
            for (var rank = 0; rank < fixes.Length; rank++)
            {
                if (!preferred && fixes[rank].EquivalenceKey(diagnostic.Id) != equivalenceKey)
                {
                    continue;
                }

                var plan = await fixes[rank].TryPlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (plan is null)
                {
                    continue;
                }

                // Two diagnostics on one target (two writes to one field, or two rules): the earliest in source order wins,
                // whatever order the diagnostics came in.
                var order = (document.FilePath ?? document.Name, diagnostic.Location.SourceSpan.Start, diagnostic.Id, rank);
                if (!byTarget.TryGetValue(plan.TargetId, out var existing) || Compare(order, existing.Order) < 0)
                {
                    byTarget[plan.TargetId] = (plan, order);
                }

                break;
            }
        }

        return byTarget.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.Plan).ToImmutableArray();
    }

    private static int Compare((string Path, int Start, string Id, int Rank) x, (string Path, int Start, string Id, int Rank) y)
    {
        var result = string.CompareOrdinal(x.Path, y.Path);
        if (result == 0)
        {
            result = x.Start.CompareTo(y.Start);
        }

        if (result == 0)
        {
            result = string.CompareOrdinal(x.Id, y.Id);
        }

        return result == 0 ? x.Rank.CompareTo(y.Rank) : result;
    }

    private static Task<Solution> ApplyAsync(Solution solution, ImmutableArray<CacheFixPlan> plans, CancellationToken cancellationToken)
        => CacheFixPlan.ApplyAllAsync(solution, plans, cancellationToken);
}
