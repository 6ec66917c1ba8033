using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests.Verification;

// Test-only analyzers and fixes, never loaded by a compiler: the rules for shipped analyzers (release tracking, target
// framework, no Workspaces types, extended analyzer rules) do not apply.
#pragma warning disable RS1022, RS1025, RS1036, RS1038, RS1041, RS2008

/// <summary>
/// The verifiers must fail when the code under test is wrong: each test runs a deliberately broken analyzer or fix
/// through our entry points and requires the failure the framework (or our extension) is meant to report.
/// </summary>
public class VerifierCatchesBrokenCodeTests
{
    private const string Field = """
        class C
        {
            private static readonly object [|s_cache|] = new();
        }
        """;

    private const string FieldUnmarked = """
        class C
        {
            private static readonly object s_cache = new();
        }
        """;

    [Fact]
    public async Task CorrectAnalyzerAndFixPass()
    {
        // The baseline the other tests break: without it they could fail for an unrelated reason.
        await AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(Field);
        await CodeFixVerifier<FieldAnalyzer, RenameFieldFix>.VerifyFixAsync(Field, FieldUnmarked.Replace("s_cache", "s_cacheFixed", StringComparison.Ordinal));
    }

    [Fact]
    public Task MissingDiagnostic()
        => AssertFailsAsync(AnalyzerVerifier<SilentAnalyzer>.VerifyAsync(Field.Replace("[|", "{|TST0001:", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal)), "Mismatch between number of diagnostics returned");

    [Fact]
    public Task UnexpectedDiagnostic()
        => AssertFailsAsync(AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked), "Mismatch between number of diagnostics returned");

    [Fact]
    public Task WrongSpan()
        => AssertFailsAsync(
            AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked, AnalyzerVerifier<FieldAnalyzer>.Diagnostic().WithSpan(3, 5, 3, 12)),
            "Expected diagnostic to start at column");

    [Fact]
    public Task WrongMessage()
        => AssertFailsAsync(
            AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked, AnalyzerVerifier<FieldAnalyzer>.Diagnostic().WithSpan(3, 36, 3, 43).WithArguments("s_other")),
            "Expected diagnostic message arguments to match");

    [Fact]
    public Task AdditionalLocationsAreChecked()
        => AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked, AnalyzerVerifier<FieldAnalyzer>.Diagnostic().WithSpan(3, 36, 3, 43).WithSpan(1, 7, 1, 8));

    [Fact]
    public Task SpanWithThePathLast()
        => AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked, AnalyzerVerifier<FieldAnalyzer>.Diagnostic().WithSpan(3, 36, 3, 43, path: "/0/Test0.cs"));

    [Fact]
    public Task WrongAdditionalLocation()
        => AssertFailsAsync(
            AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked, AnalyzerVerifier<FieldAnalyzer>.Diagnostic().WithSpan(3, 36, 3, 43).WithSpan(1, 1, 1, 6)),
            "Expected diagnostic to start at column");

    [Fact]
    public Task MissingAdditionalLocation()
        => AssertFailsAsync(
            AnalyzerVerifier<FieldAnalyzer>.VerifyAsync(FieldUnmarked, AnalyzerVerifier<FieldAnalyzer>.Diagnostic().WithSpan(3, 36, 3, 43).WithSpan(1, 7, 1, 8).WithSpan(3, 5, 3, 12)),
            "additional locations");

    [Fact]
    public Task AnalyzerThatThrows()
        => AssertFailsAsync(AnalyzerVerifier<ThrowingAnalyzer>.VerifyAsync(FieldUnmarked), "AD0001");

    [Fact]
    public Task AnalyzerWhoseResultDependsOnARunBefore()
        => AssertFailsAsync(AnalyzerVerifier<ReportsOnceAnalyzer>.VerifyAsync(Field), "concurrent execution");

    [Fact]
    public Task AnalyzerReportingInGeneratedCode()
        => AssertFailsAsync(AnalyzerVerifier<GeneratedCodeAnalyzer>.VerifyAsync(Field), "auto-generated");

    [Fact]
    public Task FixedTextDiffers()
        => AssertFailsAsync(
            CodeFixVerifier<FieldAnalyzer, RenameFieldFix>.VerifyFixAsync(Field, FieldUnmarked.Replace("s_cache", "s_cacheWrong", StringComparison.Ordinal)),
            "Context: Iterative code fix application");

    [Fact]
    public Task FixThatDoesNotCompile()
        => AssertFailsAsync(
            CodeFixVerifier<FieldAnalyzer, BreakingFix>.VerifyFixAsync(Field, FieldUnmarked.Replace("s_cache = new()", "s_cacheFixed = new(", StringComparison.Ordinal)),
            "CS1026");

    [Fact]
    public Task FixThatLeavesTheDiagnostic()
        => AssertFailsAsync(CodeFixVerifier<FieldAnalyzer, NoOpFix>.VerifyFixAsync(Field, FieldUnmarked), "made no changes");

    [Fact]
    public Task FixOfferedWhereTheTestSaysNotOffered()
        => AssertFailsAsync(CodeFixVerifier<FieldAnalyzer, RenameFieldFix>.VerifyFixAsync(Field, Field), "did not match");

    private static async Task AssertFailsAsync(Task run, string expectedMessagePart)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => run);
        Assert.True(
            exception.ToString().Contains(expectedMessagePart, StringComparison.Ordinal),
            $"The verifier failed, but not with \"{expectedMessagePart}\":{Environment.NewLine}{exception.Message}");
    }

    private static readonly DiagnosticDescriptor Rule = new("TST0001", "Field", "Field '{0}'", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>Reports every field (but those a fix renamed) at its name, with the class as an additional location.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private class FieldAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(Report, SymbolKind.Field);
        }

        protected virtual void Report(SymbolAnalysisContext context)
        {
            if (!context.Symbol.Name.EndsWith("Fixed", StringComparison.Ordinal))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, context.Symbol.Locations[0], context.Symbol.ContainingType.Locations, context.Symbol.Name));
            }
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class SilentAnalyzer : FieldAnalyzer
    {
        protected override void Report(SymbolAnalysisContext context)
        {
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : FieldAnalyzer
    {
        protected override void Report(SymbolAnalysisContext context) => throw new InvalidOperationException("broken analyzer");
    }

    /// <summary>Keeps state between runs: reports only the first time (a bug the concurrent/sequential comparison exposes).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ReportsOnceAnalyzer : FieldAnalyzer
    {
        private int _runs;

        protected override void Report(SymbolAnalysisContext context)
        {
            if (Interlocked.Increment(ref _runs) == 1)
            {
                base.Report(context);
            }
        }
    }

    /// <summary>Does not configure generated-code analysis, so Roslyn's default reports in generated code too.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class GeneratedCodeAnalyzer : FieldAnalyzer
    {
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.RegisterSymbolAction(Report, SymbolKind.Field);
        }
    }

    private abstract class FieldFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rule.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
            var declarator = root.FindNode(context.Span).FirstAncestorOrSelf<VariableDeclaratorSyntax>()!;
            context.RegisterCodeFix(
                CodeAction.Create("Fix", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declarator, Rewrite(declarator)))), equivalenceKey: "Fix"),
                context.Diagnostics);
        }

        protected abstract SyntaxNode Rewrite(VariableDeclaratorSyntax declarator);
    }

    [ExportCodeFixProvider(LanguageNames.CSharp)]
    [Shared]
    private sealed class RenameFieldFix : FieldFix
    {
        protected override SyntaxNode Rewrite(VariableDeclaratorSyntax declarator)
            => declarator.WithIdentifier(SyntaxFactory.Identifier(declarator.Identifier.ValueText + "Fixed"));
    }

    [ExportCodeFixProvider(LanguageNames.CSharp)]
    [Shared]
    private sealed class BreakingFix : FieldFix
    {
        protected override SyntaxNode Rewrite(VariableDeclaratorSyntax declarator)
            => SyntaxFactory.ParseSyntaxTree($"class X {{ object {declarator.Identifier.ValueText}Fixed = new(; }}").GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().First();
    }

    [ExportCodeFixProvider(LanguageNames.CSharp)]
    [Shared]
    private sealed class NoOpFix : FieldFix
    {
        protected override SyntaxNode Rewrite(VariableDeclaratorSyntax declarator) => declarator;
    }
}
