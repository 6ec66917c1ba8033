using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// A code-fix test on Microsoft.CodeAnalysis.Testing. <see cref="Sources"/> carry the expected diagnostics as markup;
/// <see cref="FixedSources"/> are the expected texts after the fix, with markup for any diagnostics expected to remain
/// (the same text as the source: the fix must not be offered).
/// </summary>
/// <remarks>
/// The framework applies the fix one diagnostic at a time until none is left, and then runs Fix All in document,
/// project and solution scope: all must give <see cref="FixedSources"/> (or <c>BatchFixedState</c> when Fix All is
/// expected to differ), the fixed code must compile, and only the marked-up diagnostics may remain.
/// </remarks>
public class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTest() => FrameworkSetup.Configure(this);

    public SourceFileList Sources => TestState.Sources;

    public SourceFileList FixedSources => FixedState.Sources;

    /// <inheritdoc cref="AnalyzerTest{TAnalyzer}.EditorConfig"/>
    public string? EditorConfig { get; set; }

    /// <summary>When true (default) the sources must compile without errors; false for half-typed code.</summary>
    public bool CompileBeforeAnalysis { get; set; } = true;

    /// <summary>
    /// The Fix All scope the test is about. The framework checks every scope against <see cref="FixedSources"/> anyway;
    /// this one must be supported by the fix's Fix All provider.
    /// </summary>
    public FixAllScope? FixAllScope { get; set; }

    /// <summary>Explicit expected diagnostics remaining after the fix, besides the markup in <see cref="FixedSources"/>.</summary>
    public List<DiagnosticResult> FixedExpectedDiagnostics => FixedState.ExpectedDiagnostics;

    /// <summary>Upper bound on single-fix iterations; default: one per fixable diagnostic.</summary>
    public int? MaxIterations { get; set; }

    protected override CompilationOptions CreateCompilationOptions() => TestOptions.CompilationOptions;

    protected override ParseOptions CreateParseOptions() => TestOptions.ParseOptions;

    protected override async Task RunImplAsync(CancellationToken cancellationToken)
    {
        FrameworkSetup.Prepare(this, EditorConfig, CompileBeforeAnalysis, TestState, FixedState, BatchFixedState);
        // A rule decided at compilation end (SC0003 needs every use of the field) reports non-local diagnostics by
        // design; an IDE offers their fix once full analysis has reported them, so the framework's local check does not apply.
        var fixable = new TCodeFix().FixableDiagnosticIds;
        if (new TAnalyzer().SupportedDiagnostics.Any(d => fixable.Contains(d.Id) && d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)))
        {
            CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        }

        if (MaxIterations is { } max)
        {
            NumberOfIncrementalIterations = -max;
        }

        if (FixAllScope is { } scope)
        {
            var provider = new TCodeFix().GetFixAllProvider();
            Verify.True(provider is not null, $"{typeof(TCodeFix).FullName} has no Fix All provider.");
            Verify.True(provider!.GetSupportedFixAllScopes().Contains(scope), $"The Fix All provider of {typeof(TCodeFix).FullName} does not support scope {scope}.");
        }

        await base.RunImplAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken)
        => FrameworkSetup.CreateCheckedCompilationWithAnalyzers(compilation, analyzers, options, cancellationToken);
}

/// <summary>Static helpers in the style of the templates' <c>CSharpCodeFixVerifier</c>.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => AnalyzerVerifier<TAnalyzer>.Diagnostic();

    public static DiagnosticResult Diagnostic(string id) => AnalyzerVerifier<TAnalyzer>.Diagnostic(id);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => AnalyzerVerifier<TAnalyzer>.Diagnostic(descriptor);

    /// <summary>Verifies the analyzer diagnostics on <paramref name="source"/> (markup plus <paramref name="expected"/>).</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) => AnalyzerVerifier<TAnalyzer>.VerifyAsync(source, expected);

    /// <summary>Applies the fix (single fixes, iterated; Fix All in every scope) and compares with <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync(string source, string fixedSource, string? equivalenceKey = null)
        => new CodeFixTest<TAnalyzer, TCodeFix>
        {
            Sources = { source },
            FixedSources = { fixedSource },
            CodeActionEquivalenceKey = equivalenceKey,
        }.RunAsync();

    /// <summary>As <see cref="VerifyFixAsync"/>, for a test about Fix All in <paramref name="scope"/>.</summary>
    public static Task VerifyFixAllAsync(string source, string fixedSource, FixAllScope scope = Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Solution, string? equivalenceKey = null)
        => new CodeFixTest<TAnalyzer, TCodeFix>
        {
            Sources = { source },
            FixedSources = { fixedSource },
            CodeActionEquivalenceKey = equivalenceKey,
            FixAllScope = scope,
        }.RunAsync();
}
