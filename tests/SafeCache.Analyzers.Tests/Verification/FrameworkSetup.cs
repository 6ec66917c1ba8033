using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// What our tests set up on top of Microsoft.CodeAnalysis.Testing: references, the meaning of the old entry points'
/// options, and the checks the framework does not make (concurrent and sequential analysis agree; no AD0001).
/// </summary>
internal static class FrameworkSetup
{
    public const string EditorConfigPath = "/0/.editorconfig";

    /// <summary>No reference-assembly package: the references come from <see cref="TestReferences"/>, resolved at build time.</summary>
    public static readonly ReferenceAssemblies NoPackages = new("net10.0");

    /// <summary>The diagnostic <c>[|…|]</c> and <c>Diagnostic()</c> stand for: the analyzer's first rule.</summary>
    public static DiagnosticDescriptor DefaultDescriptor<TAnalyzer>()
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var supported = new TAnalyzer().SupportedDiagnostics;
        return supported.IsDefaultOrEmpty
            ? throw new InvalidOperationException($"{typeof(TAnalyzer).FullName} supports no diagnostics.")
            : supported[0];
    }

    /// <summary>An expected diagnostic of <paramref name="id"/>; no message check unless the test adds one.</summary>
    public static DiagnosticResult Diagnostic<TAnalyzer>(string id)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var descriptor = new TAnalyzer().SupportedDiagnostics.FirstOrDefault(d => d.Id == id);
        if (descriptor is not null)
        {
            return Diagnostic(descriptor);
        }

        return id.StartsWith("CS", StringComparison.Ordinal) ? DiagnosticResult.CompilerError(id) : new DiagnosticResult(id, DiagnosticSeverity.Warning);
    }

    /// <summary>
    /// An expected diagnostic of <paramref name="descriptor"/> at its default severity. Unlike the framework's
    /// <c>new DiagnosticResult(descriptor)</c> it carries no message format, so the message is only checked through
    /// <c>WithMessage</c> or <c>WithArguments</c>.
    /// </summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor.Id, descriptor.DefaultSeverity);

    /// <summary>Settings every test starts with.</summary>
    public static void Configure<TVerifier>(Microsoft.CodeAnalysis.Testing.AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
    }

    /// <summary>Translates the options of our entry points into framework state, just before the test runs.</summary>
    public static void Prepare<TVerifier>(Microsoft.CodeAnalysis.Testing.AnalyzerTest<TVerifier> test, string? editorConfig, bool compileBeforeAnalysis, params SolutionState[] states)
        where TVerifier : IVerifier, new()
    {
        var config = TestOptions.BuildEditorConfig(editorConfig);
        if (config is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add((EditorConfigPath, config));
        }

        if (!compileBeforeAnalysis)
        {
            // Half-typed code: compiler errors are expected and not listed.
            test.CompilerDiagnostics = CompilerDiagnostics.None;
        }

        foreach (var state in states)
        {
            IgnoreUnlistedAdditionalLocations(state.ExpectedDiagnostics);
        }
    }

    /// <summary>
    /// An expectation with one location says nothing about additional locations (as in our tests before the framework);
    /// an expectation that lists more than one location must match them all.
    /// </summary>
    private static void IgnoreUnlistedAdditionalLocations(List<DiagnosticResult> expected)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Spans.Length <= 1)
            {
                expected[i] = expected[i].WithOptions(expected[i].Options | DiagnosticOptions.IgnoreAdditionalLocations);
            }
        }
    }

    /// <summary>
    /// Runs the analyzers with concurrent execution on and off and fails unless both report the same diagnostics and
    /// neither throws (AD0001). Returns the concurrent run (already computed) for the framework to verify.
    /// </summary>
    public static CompilationWithAnalyzers CreateCheckedCompilationWithAnalyzers(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var concurrent = compilation.WithAnalyzers(analyzers, CreateOptions(options, concurrent: true));
        var sequential = compilation.WithAnalyzers(analyzers, CreateOptions(options, concurrent: false));

        // The framework's hook is synchronous; Roslyn's analysis does not need the caller's context.
        var concurrentDiagnostics = concurrent.GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
        var sequentialDiagnostics = sequential.GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();

        var crashes = concurrentDiagnostics.Concat(sequentialDiagnostics).Where(d => d.Id == "AD0001").Select(d => d.GetMessage(CultureInfo.InvariantCulture)).Distinct().ToList();
        if (crashes.Count > 0)
        {
            throw new InvalidOperationException("An analyzer threw (AD0001):" + Environment.NewLine + string.Join(Environment.NewLine, crashes));
        }

        var a = Describe(concurrentDiagnostics);
        var b = Describe(sequentialDiagnostics);
        if (!a.SequenceEqual(b))
        {
            throw new InvalidOperationException(
                "The analyzers report different diagnostics with concurrent execution than without." + Environment.NewLine
                + "Concurrent:" + Environment.NewLine + Format(a) + "Sequential:" + Environment.NewLine + Format(b));
        }

        return concurrent;
    }

    private static CompilationWithAnalyzersOptions CreateOptions(AnalyzerOptions options, bool concurrent)
        => new(options, onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: true);

    private static List<string> Describe(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics
            .Select(d => $"{d.Location.GetLineSpan()}: {d.Id}{(d.IsSuppressed ? " (suppressed)" : string.Empty)}: {d.GetMessage(CultureInfo.InvariantCulture)}"
                + string.Concat(d.AdditionalLocations.Select(l => " + " + l.GetLineSpan())))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    private static string Format(List<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append("  ").AppendLine(line);
        }

        return lines.Count == 0 ? "  (none)" + Environment.NewLine : builder.ToString();
    }
}
