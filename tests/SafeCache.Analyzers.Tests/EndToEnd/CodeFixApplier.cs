using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;

namespace SafeCache.Analyzers.Tests.EndToEnd;

/// <summary>
/// Produces the "after" code of an end-to-end test by really applying a code fix: the analyzer runs on the source in a
/// workspace with the verifiers' references and options, and the code action with the given equivalence key, offered by whichever SafeCache
/// code fix provider registers it, is applied until the analyzer reports nothing more it can fix.
/// Providers are found by equivalence key rather than by class so a test names the fix the way a user picks it.
/// </summary>
internal static class CodeFixApplier
{
    private const int MaxIterations = 10;

    public static async Task<string> ApplyAsync<TAnalyzer>(string source, string equivalenceKey, string? editorConfig = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        using var workspace = new AdhocWorkspace();
        var initial = TestProject.Create(workspace, new[] { source }, editorConfig);
        var (solution, projectId, documentId) = (initial.Solution, initial.Id, initial.DocumentIds[0]);
        var providers = AllProviders();

        for (var iteration = 0; ; iteration++)
        {
            var project = solution.GetProject(projectId)!;
            var diagnostics = await TestProject.GetAnalyzerDiagnosticsAsync(project, new TAnalyzer(), ct);
            var action = await FindActionAsync(solution, diagnostics, providers, equivalenceKey, ct);
            if (action is null)
            {
                if (iteration == 0)
                {
                    throw new InvalidOperationException($"No code action with equivalence key \"{equivalenceKey}\" was offered for:{Environment.NewLine}"
                        + string.Join(Environment.NewLine, diagnostics));
                }

                break;
            }

            if (iteration == MaxIterations)
            {
                throw new InvalidOperationException($"The code fix \"{equivalenceKey}\" did not converge.");
            }

            var operations = await action.GetOperationsAsync(ct);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }

        return (await solution.GetDocument(documentId)!.GetTextAsync(ct)).ToString();
    }

    private static ImmutableArray<CodeFixProvider> AllProviders()
        => typeof(SharedCacheCapturesInstanceCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static async Task<CodeAction?> FindActionAsync(
        Solution solution, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<CodeFixProvider> providers, string equivalenceKey, CancellationToken ct)
    {
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), ct));
                if (actions.Find(a => a.EquivalenceKey == equivalenceKey) is { } action)
                {
                    return action;
                }
            }
        }

        return null;
    }
}
