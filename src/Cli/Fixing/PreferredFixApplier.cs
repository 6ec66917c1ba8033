using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SafeCache.Cli.Fixing;

/// <summary>
/// Applies each diagnostic's preferred fix (the first action any provider offers for it) across the whole solution,
/// through the provider's Fix All so a field that several findings share is rewritten once. It works in rounds:
/// diagnose, fix every diagnostic that prefers the same action with one Fix All, diagnose again, until nothing
/// fixable is left. This is the one place that knows how fixes are chosen and applied, so it can switch to the
/// CodeFixes project's own "preferred fix" Fix All once that is exposed.
/// </summary>
internal sealed class PreferredFixApplier
{
    private const int MaxRounds = 32;

    private readonly ImmutableArray<CodeFixProvider> _fixers;
    private readonly Func<Project, CancellationToken, Task<ImmutableArray<Diagnostic>>> _diagnose;

    public PreferredFixApplier(ImmutableArray<CodeFixProvider> fixers, Func<Project, CancellationToken, Task<ImmutableArray<Diagnostic>>> diagnose)
    {
        _fixers = fixers;
        _diagnose = diagnose;
    }

    public async Task<FixOutcome> ApplyAsync(Solution solution, IReadOnlyList<ProjectId> projects, CancellationToken cancellationToken)
    {
        var fixedCount = 0;
        var failed = new HashSet<(CodeFixProvider, string)>();
        var remaining = ImmutableArray<Diagnostic>.Empty;
        for (var round = 0; round < MaxRounds; round++)
        {
            remaining = await DiagnoseAsync(solution, projects, cancellationToken).ConfigureAwait(false);
            var group = await FirstGroupAsync(solution, remaining, failed, cancellationToken).ConfigureAwait(false);
            if (group is null)
            {
                break;
            }

            var changed = await ApplyGroupAsync(solution, group, cancellationToken).ConfigureAwait(false);
            if (changed is null || !solution.GetChanges(changed).GetProjectChanges().Any())
            {
                failed.Add((group.Provider, group.EquivalenceKey));
                continue;
            }

            fixedCount += group.Diagnostics.Length;
            solution = changed;
        }

        return new FixOutcome(solution, fixedCount, remaining);
    }

    private async Task<ImmutableArray<Diagnostic>> DiagnoseAsync(Solution solution, IReadOnlyList<ProjectId> projects, CancellationToken cancellationToken)
    {
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var id in projects)
        {
            all.AddRange(await _diagnose(solution.GetProject(id)!, cancellationToken).ConfigureAwait(false));
        }

        return all.ToImmutable();
    }

    // The preferred action of each diagnostic, grouped by (provider, equivalence key); the first group not yet failed.
    private async Task<FixGroup?> FirstGroupAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, HashSet<(CodeFixProvider, string)> failed, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(CodeFixProvider Provider, string Key), List<(Diagnostic Diagnostic, CodeAction Action)>>();
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var provider in _fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var action = await FirstActionAsync(provider, document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (action is null)
                {
                    continue;
                }

                var key = (provider, action.EquivalenceKey ?? action.Title);
                if (!failed.Contains(key))
                {
                    if (!groups.TryGetValue(key, out var list))
                    {
                        groups[key] = list = new List<(Diagnostic, CodeAction)>();
                    }

                    list.Add((diagnostic, action));
                }

                break;
            }
        }

        var first = groups.FirstOrDefault();
        return first.Value is null
            ? null
            : new FixGroup(first.Key.Provider, first.Key.Key, first.Value.Select(x => x.Diagnostic).ToImmutableArray(), first.Value[0].Action);
    }

    private static async Task<CodeAction?> FirstActionAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        var first = actions.FirstOrDefault();
        while (first is not null && !first.NestedActions.IsDefaultOrEmpty)
        {
            first = first.NestedActions[0];
        }

        return first;
    }

    private static async Task<Solution?> ApplyGroupAsync(Solution solution, FixGroup group, CancellationToken cancellationToken)
    {
        var fixAll = group.Provider.GetFixAllProvider();
        var action = group.FirstAction;
        if (fixAll is not null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
        {
            var anchor = solution.GetDocument(group.Diagnostics[0].Location.SourceTree)!;
            var context = new FixAllContext(
                anchor,
                group.Provider,
                FixAllScope.Solution,
                group.EquivalenceKey,
                group.Diagnostics.Select(d => d.Id).Distinct(),
                new GroupDiagnostics(group.Diagnostics),
                cancellationToken);
            action = await fixAll.GetFixAsync(context).ConfigureAwait(false) ?? action;
        }

        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }

    private sealed record FixGroup(CodeFixProvider Provider, string EquivalenceKey, ImmutableArray<Diagnostic> Diagnostics, CodeAction FirstAction);

    /// <summary>Hands Fix All exactly the diagnostics whose preferred fix is this group's action.</summary>
    private sealed class GroupDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public GroupDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => document.Project.Solution.GetDocument(d.Location.SourceTree)?.Id == document.Id).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => project.Solution.GetDocument(d.Location.SourceTree)?.Project.Id == project.Id).ToList());
    }
}

/// <param name="Unfixed">Diagnostics of the last round: those no fix could handle.</param>
internal sealed record FixOutcome(Solution Solution, int Fixed, ImmutableArray<Diagnostic> Unfixed);
