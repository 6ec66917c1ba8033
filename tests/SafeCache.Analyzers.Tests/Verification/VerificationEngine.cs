using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>The shared machinery behind <see cref="AnalyzerTest{TAnalyzer}"/> and <see cref="CodeFixTest{TAnalyzer, TCodeFix}"/>.</summary>
internal static class VerificationEngine
{
    public const string ProjectDirectory = "/0/";
    public const string EditorConfigPath = "/0/.editorconfig";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string DocumentPath(int index) => string.Create(CultureInfo.InvariantCulture, $"{ProjectDirectory}Test{index}.cs");

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Parsed markup for a set of sources: the plain texts and the expected diagnostics.</summary>
    public static (ImmutableArray<string> Texts, ImmutableArray<DiagnosticResult> Expected) ParseSources(
        IReadOnlyList<string> sources, string defaultId)
    {
        var texts = ImmutableArray.CreateBuilder<string>(sources.Count);
        var expected = ImmutableArray.CreateBuilder<DiagnosticResult>();
        for (var i = 0; i < sources.Count; i++)
        {
            var (text, spans) = TestMarkup.Parse(sources[i]);
            texts.Add(text);
            var sourceText = SourceText.From(text);
            foreach (var span in spans)
            {
                expected.Add(new DiagnosticResult(span.Id ?? defaultId)
                {
                    Path = DocumentPath(i),
                    Span = sourceText.Lines.GetLinePositionSpan(span.Span),
                });
            }
        }

        return (texts.ToImmutable(), expected.ToImmutable());
    }

    /// <summary>Builds the editorconfig text: plain <c>key = value</c> lines go under <c>root = true</c> / <c>[*.cs]</c>.</summary>
    public static string? BuildEditorConfig(string? editorConfig)
    {
        if (string.IsNullOrWhiteSpace(editorConfig))
        {
            return null;
        }

        var hasSections = editorConfig.Split('\n').Any(l =>
        {
            var t = l.Trim();
            return t.StartsWith('[') || System.Text.RegularExpressions.Regex.IsMatch(t, @"^(root|is_global)\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        });
        return hasSections ? editorConfig : "root = true\n\n[*.cs]\n" + editorConfig.Trim() + "\n";
    }

    public static (Solution Solution, ProjectId ProjectId, ImmutableArray<DocumentId> DocumentIds) CreateSolution(
        AdhocWorkspace workspace, IReadOnlyList<string> texts, string? editorConfig)
    {
        var projectId = ProjectId.CreateNewId("TestProject");
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            name: "TestProject",
            assemblyName: "TestProject",
            language: LanguageNames.CSharp,
            filePath: ProjectDirectory + "TestProject.csproj",
            compilationOptions: CompilationOptions,
            parseOptions: ParseOptions,
            metadataReferences: TestReferences.All));

        var documentIds = ImmutableArray.CreateBuilder<DocumentId>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var id = DocumentId.CreateNewId(projectId, DocumentPath(i));
            solution = solution.AddDocument(id, $"Test{i}.cs", SourceText.From(texts[i], Encoding.UTF8), filePath: DocumentPath(i));
            documentIds.Add(id);
        }

        var config = BuildEditorConfig(editorConfig);
        if (config is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId, EditorConfigPath),
                ".editorconfig",
                SourceText.From(config, Encoding.UTF8),
                filePath: EditorConfigPath);
        }

        return (solution, projectId, documentIds.ToImmutable());
    }

    public static async Task<ImmutableArray<Diagnostic>> GetCompilerErrorsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationException("The test project produced no compilation.");
        return compilation.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    public static async Task AssertCompilesAsync(Project project, string when, CancellationToken cancellationToken)
    {
        var errors = await GetCompilerErrorsAsync(project, cancellationToken).ConfigureAwait(false);
        if (errors.Length > 0)
        {
            throw new VerificationException(
                $"The test source {when} does not compile (set CompileBeforeAnalysis = false for robustness tests on incomplete code):"
                + Environment.NewLine + FormatCompilerDiagnostics(errors, project.Solution));
        }
    }

    public static string FormatCompilerDiagnostics(IEnumerable<Diagnostic> diagnostics, Solution solution)
    {
        var builder = new StringBuilder();
        foreach (var d in diagnostics)
        {
            builder.Append("  ").Append(d.ToString());
            var tree = d.Location.SourceTree;
            if (tree is not null)
            {
                var line = tree.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start);
                builder.AppendLine().Append("      | ").Append(line.ToString().Trim());
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    /// <summary>Result of one analyzer run: its diagnostics (sorted) and the exceptions it threw.</summary>
    public sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Exceptions);

    /// <summary>Runs a fresh analyzer instance through <see cref="CompilationWithAnalyzers"/> with the project's (editorconfig-backed) options.</summary>
    public static async Task<AnalyzerRun> RunAnalyzerAsync(
        Project project, Func<DiagnosticAnalyzer> createAnalyzer, bool concurrent, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new VerificationException("The test project produced no compilation.");
        var exceptions = new ConcurrentQueue<string>();
        var analyzer = createAnalyzer();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, failedAnalyzer, diagnostic) =>
                exceptions.Enqueue($"{failedAnalyzer.GetType().FullName} threw (AD0001): {exception}"),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        foreach (var d in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(d.ToString());
        }

        var sorted = diagnostics
            .Where(d => d.Id != "AD0001")
            .OrderBy(d => d.Location.IsInSource ? d.Location.SourceTree!.FilePath : string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Location.SourceSpan.End)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        return new AnalyzerRun(sorted, exceptions.Distinct().ToImmutableArray());
    }

    /// <summary>
    /// Runs the analyzer sequentially and with concurrent execution; fails on any analyzer exception (AD0001)
    /// and when the two runs disagree.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAnalyzerCheckedAsync(
        Project project, Func<DiagnosticAnalyzer> createAnalyzer, string when, CancellationToken cancellationToken)
    {
        var concurrent = await RunAnalyzerAsync(project, createAnalyzer, concurrent: true, cancellationToken).ConfigureAwait(false);
        ThrowOnExceptions(concurrent, when, "concurrent execution");
        var sequential = await RunAnalyzerAsync(project, createAnalyzer, concurrent: false, cancellationToken).ConfigureAwait(false);
        ThrowOnExceptions(sequential, when, "sequential execution");

        var a = concurrent.Diagnostics.Select(DiagnosticResult.FromDiagnostic).ToList();
        var b = sequential.Diagnostics.Select(DiagnosticResult.FromDiagnostic).ToList();
        if (!a.SequenceEqual(b))
        {
            throw new VerificationException(
                $"The analyzer reports different diagnostics {when} with concurrent execution than without."
                + Environment.NewLine + "Concurrent:" + Environment.NewLine + FormatList(a, solution: project.Solution)
                + "Sequential:" + Environment.NewLine + FormatList(b, solution: project.Solution));
        }

        return concurrent.Diagnostics;
    }

    private static void ThrowOnExceptions(AnalyzerRun run, string when, string mode)
    {
        if (run.Exceptions.Length > 0)
        {
            throw new VerificationException(
                $"The analyzer threw an exception (AD0001) {when} ({mode}):" + Environment.NewLine
                + string.Join(Environment.NewLine + Environment.NewLine, run.Exceptions));
        }
    }

    /// <summary>Fails with a readable expected/actual/missing/unexpected listing unless both sets match exactly.</summary>
    public static void AssertDiagnostics(
        IReadOnlyList<DiagnosticResult> expected, IEnumerable<Diagnostic> actualDiagnostics, Solution solution, string when)
    {
        var actual = actualDiagnostics.Select(DiagnosticResult.FromDiagnostic).ToList();
        var unmatchedActual = new List<DiagnosticResult>(actual);
        var missing = new List<DiagnosticResult>();
        foreach (var e in expected)
        {
            var index = unmatchedActual.FindIndex(e.Matches);
            if (index >= 0)
            {
                unmatchedActual.RemoveAt(index);
            }
            else
            {
                missing.Add(e);
            }
        }

        if (missing.Count == 0 && unmatchedActual.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.Append("Mismatch between expected and actual diagnostics ").Append(when).AppendLine(".");
        if (missing.Count > 0)
        {
            message.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Missing diagnostics ({missing.Count}) - expected but not reported:"));
            message.Append(FormatList(missing, solution));
        }

        if (unmatchedActual.Count > 0)
        {
            message.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Unexpected diagnostics ({unmatchedActual.Count}) - reported but not expected:"));
            message.Append(FormatList(unmatchedActual, solution));
        }

        message.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Expected ({expected.Count}):"));
        message.Append(FormatList(expected, solution));
        message.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Actual ({actual.Count}):"));
        message.Append(FormatList(actual, solution));
        throw new VerificationException(message.ToString());
    }

    public static string FormatList(IEnumerable<DiagnosticResult> results, Solution? solution)
    {
        var builder = new StringBuilder();
        var any = false;
        foreach (var r in results)
        {
            any = true;
            builder.Append("  ").Append(r.Format(includeMessage: true));
            var snippet = solution is null ? null : Snippet(r, solution);
            if (snippet is not null)
            {
                builder.Append("   [span text: \"").Append(snippet).Append("\"]");
            }

            builder.AppendLine();
        }

        if (!any)
        {
            builder.AppendLine("  (none)");
        }

        return builder.ToString();
    }

    private static string? Snippet(DiagnosticResult result, Solution solution)
    {
        if (!result.HasLocation)
        {
            return null;
        }

        var document = solution.Projects.SelectMany(p => p.Documents).FirstOrDefault(d => d.FilePath == result.Path);
        if (document is null || !document.TryGetText(out var text))
        {
            return null;
        }

        try
        {
            var span = text.Lines.GetTextSpan(result.Span!.Value);
            var s = text.ToString(span).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return s.Length > 60 ? s[..57] + "..." : s;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>A line diff (LCS based) of expected vs actual text.</summary>
    public static string LineDiff(string expected, string actual)
    {
        var a = NormalizeLineEndings(expected).Split('\n');
        var b = NormalizeLineEndings(actual).Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var builder = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                builder.Append("    ").AppendLine(a[x]);
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                builder.Append("  - ").AppendLine(a[x]);
                x++;
            }
            else
            {
                builder.Append("  + ").AppendLine(b[y]);
                y++;
            }
        }

        return builder.ToString();
    }
}
