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
/// "This fix is not offered", checked over every plan the provider offers (what its light bulb lists): the first fix for a
/// diagnostic carries the rule's preferred key, not its own, so looking for its own key alone could never fail.
/// </summary>
internal static class OfferedFixes
{
    public static async Task VerifyNotOfferedAsync<TAnalyzer, TProvider>(string source, CacheFix fix)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TProvider : PreferredFixCodeFixProvider, new()
    {
        // The source keeps its diagnostics and, with this fix's own key, the text is unchanged.
        var key = fix.EquivalenceKey(new TProvider().FixableDiagnosticIds[0]);
        await new CodeFixTest<TAnalyzer, TProvider> { Sources = { source }, FixedSources = { source }, CodeActionEquivalenceKey = key }.RunAsync();

        var offered = await OfferedAsync<TAnalyzer, TProvider>(source);
        Assert.DoesNotContain(offered, o => o.Fix == fix);
    }

    /// <summary>The light-bulb titles for every diagnostic in <paramref name="source"/>, in order.</summary>
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

    /// <summary>Asserts the light bulb of every diagnostic in <paramref name="source"/> lists exactly <paramref name="titles"/> (diagnostics in source order).</summary>
    public static async Task VerifyTitlesAsync<TAnalyzer, TProvider>(string source, params string[] titles)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TProvider : CodeFixProvider, new()
        => Assert.Equal(titles, await OfferedTitlesAsync<TAnalyzer, TProvider>(source));

    private static async Task<List<CacheFixPlan>> OfferedAsync<TAnalyzer, TProvider>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TProvider : PreferredFixCodeFixProvider, new()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var workspace = new AdhocWorkspace();
        var project = TestProject.Create(workspace, new[] { TestProject.StripMarkup(source) });
        var diagnostics = await TestProject.GetAnalyzerDiagnosticsAsync(project, new TAnalyzer(), timeout.Token);
        Assert.NotEmpty(diagnostics);
        var provider = new TProvider();
        var plans = new List<CacheFixPlan>();
        foreach (var diagnostic in diagnostics)
        {
            plans.AddRange(await provider.GetOfferedPlansAsync(project.Solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, timeout.Token));
        }

        return plans;
    }
}
