using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// An analyzer test on Microsoft.CodeAnalysis.Testing: sources with markup (<c>[|…|]</c> is the analyzer's first rule,
/// <c>{|SC0003:…|}</c> a given rule), optional <c>.editorconfig</c> content.
/// <code>
/// await new AnalyzerTest&lt;MyAnalyzer&gt; { Sources = { a, b }, EditorConfig = "safecache.default_capacity = 64" }.RunAsync();
/// </code>
/// Everything of <see cref="CSharpAnalyzerTest{TAnalyzer, TVerifier}"/> is available too (<c>TestState</c>, <c>ExpectedDiagnostics</c> …).
/// </summary>
public class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest() => FrameworkSetup.Configure(this);

    /// <summary>Test sources with markup; document i gets path <c>/0/Test{i}.cs</c>.</summary>
    public SourceFileList Sources => TestState.Sources;

    /// <summary>
    /// Options for <c>/0/.editorconfig</c>. Plain <c>key = value</c> lines are placed under <c>root = true</c> and <c>[*.cs]</c>;
    /// text that has its own section headers (or <c>root</c>/<c>is_global</c>) is used as is.
    /// Further config files go to <c>TestState.AnalyzerConfigFiles</c>.
    /// </summary>
    public string? EditorConfig { get; set; }

    /// <summary>
    /// Options for a project-wide <c>/.globalconfig</c> (<c>is_global = true</c> is added): plain <c>key = value</c> lines.
    /// </summary>
    public string? GlobalConfig { get; set; }

    /// <summary>When true (default) the sources must compile without errors; false for half-typed code.</summary>
    public bool CompileBeforeAnalysis { get; set; } = true;

    /// <summary>ID that <c>[|…|]</c> stands for: the analyzer's first supported diagnostic.</summary>
    public static string DefaultDiagnosticId => FrameworkSetup.DefaultDescriptor<TAnalyzer>().Id;

    protected override CompilationOptions CreateCompilationOptions() => TestOptions.CompilationOptions;

    protected override ParseOptions CreateParseOptions() => TestOptions.ParseOptions;

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        if (GlobalConfig is not null)
        {
            TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + GlobalConfig + "\n"));
        }

        FrameworkSetup.Prepare(this, EditorConfig, CompileBeforeAnalysis, TestState);
        return base.RunImplAsync(cancellationToken);
    }

    protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken)
        => FrameworkSetup.CreateCheckedCompilationWithAnalyzers(compilation, analyzers, options, cancellationToken);
}

/// <summary>Static helpers in the style of the templates' <c>CSharpAnalyzerVerifier</c>.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Expected diagnostic of the analyzer's (first) rule.</summary>
    public static DiagnosticResult Diagnostic() => FrameworkSetup.Diagnostic(FrameworkSetup.DefaultDescriptor<TAnalyzer>());

    /// <summary>Expected diagnostic with the given ID (a rule of the analyzer, or a compiler error <c>CSxxxx</c>).</summary>
    public static DiagnosticResult Diagnostic(string id) => FrameworkSetup.Diagnostic<TAnalyzer>(id);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => FrameworkSetup.Diagnostic(descriptor);

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
