using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes.FixAll;

namespace SafeCache.Analyzers.Tests.Fixes;

/// <summary>
/// "This fix is not offered", checked by the fix's title over every action the provider registers: the first fix for a
/// diagnostic carries the rule's preferred key, not its own, so looking for its own key alone could never fail.
/// </summary>
internal static class OfferedFixes
{
    public static async Task VerifyNotOfferedAsync<TAnalyzer, TProvider>(string source, CacheFix fix)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TProvider : CodeFixProvider, new()
    {
        // The source keeps its diagnostics and, with this fix's own key, the text is unchanged.
        await new CodeFixTest<TAnalyzer, TProvider> { Sources = { source }, FixedSources = { source }, CodeActionEquivalenceKey = fix.EquivalenceKey }.RunAsync();

        var titles = await OfferedTitlesAsync<TAnalyzer, TProvider>(source);
        Assert.DoesNotContain(fix.Title, titles);
    }

    public static async Task<List<string>> OfferedTitlesAsync<TAnalyzer, TProvider>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TProvider : CodeFixProvider, new()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var workspace = new AdhocWorkspace();
        var project = TestProject.Create(workspace, new[] { TestProject.StripMarkup(source) });
        var solution = project.Solution;
        var diagnostics = await TestProject.GetAnalyzerDiagnosticsAsync(project, new TAnalyzer(), timeout.Token);
        Assert.NotEmpty(diagnostics);
        var provider = new TProvider();
        var titles = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), timeout.Token));
            titles.AddRange(actions.ConvertAll(a => a.Title));
        }

        return titles;
    }
}
