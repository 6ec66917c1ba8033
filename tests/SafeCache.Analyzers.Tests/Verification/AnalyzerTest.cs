using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// An analyzer test: sources with markup (<c>[|…|]</c>, <c>{|SC0003:…|}</c>), optional <c>.editorconfig</c> content.
/// <code>
/// await new AnalyzerTest&lt;MyAnalyzer&gt; { Sources = { a, b }, EditorConfig = "safecache.default_capacity = 64" }.RunAsync();
/// </code>
/// </summary>
public class AnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Test sources with markup; document i gets path <c>/0/Test{i}.cs</c>.</summary>
    public List<string> Sources { get; } = new();

    /// <summary>
    /// Options for <c>/0/.editorconfig</c>. Plain <c>key = value</c> lines are placed under <c>root = true</c> and <c>[*.cs]</c>;
    /// text that has its own section headers (or <c>root</c>/<c>is_global</c>) is used as is.
    /// </summary>
    public string? EditorConfig { get; set; }

    /// <summary>When true (default) the sources must compile without errors before analysis.</summary>
    public bool CompileBeforeAnalysis { get; set; } = true;

    /// <summary>Extra expected diagnostics besides the markup (e.g. to check a message, or for a diagnostic without location).</summary>
    public List<DiagnosticResult> ExpectedDiagnostics { get; } = new();

    /// <summary>ID that <c>[|…|]</c> stands for: the analyzer's first supported diagnostic.</summary>
    public static string DefaultDiagnosticId
    {
        get
        {
            var supported = new TAnalyzer().SupportedDiagnostics;
            if (supported.IsDefaultOrEmpty)
            {
                throw new VerificationException($"{typeof(TAnalyzer).FullName} supports no diagnostics.");
            }

            return supported[0].Id;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VerificationEngine.Timeout);
        var ct = timeout.Token;

        if (Sources.Count == 0)
        {
            throw new VerificationException("The test has no sources.");
        }

        var (texts, markupExpected) = VerificationEngine.ParseSources(Sources, DefaultDiagnosticId);
        var expected = markupExpected.Concat(ExpectedDiagnostics).ToList();

        using var workspace = new AdhocWorkspace();
        var (solution, projectId, _) = VerificationEngine.CreateSolution(workspace, texts, EditorConfig);
        var project = solution.GetProject(projectId)!;

        if (CompileBeforeAnalysis)
        {
            await VerificationEngine.AssertCompilesAsync(project, "before analysis", ct).ConfigureAwait(false);
        }

        var actual = await VerificationEngine.RunAnalyzerCheckedAsync(project, () => new TAnalyzer(), "on the test source", ct).ConfigureAwait(false);
        VerificationEngine.AssertDiagnostics(expected, actual, solution, "on the test source");
    }
}

/// <summary>Static helpers in the spirit of Microsoft's <c>CSharpAnalyzerVerifier</c>.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Expected diagnostic of the analyzer's (first) rule, for <see cref="AnalyzerTest{TAnalyzer}.ExpectedDiagnostics"/>.</summary>
    public static DiagnosticResult Diagnostic() => new(AnalyzerTest<TAnalyzer>.DefaultDiagnosticId);

    public static DiagnosticResult Diagnostic(string id) => new(id);

    /// <summary>Verifies that the analyzer reports exactly the diagnostics marked up in <paramref name="source"/>.</summary>
    public static Task VerifyAsync(string source)
        => new AnalyzerTest<TAnalyzer> { Sources = { source } }.RunAsync();

    /// <summary>Verifies markup plus explicitly listed diagnostics.</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest<TAnalyzer> { Sources = { source } };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
