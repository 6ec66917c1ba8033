using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// A one-project workspace of plain sources (no markup), with the verifiers' references and options, for tests that
/// need the analyzers' raw output rather than a verification (e.g. comparing two rules, or applying a fix end to end).
/// </summary>
public static class TestProject
{
    public static Project Create(AdhocWorkspace workspace, IReadOnlyList<string> sources, string? editorConfig = null)
    {
        var projectId = ProjectId.CreateNewId("TestProject");
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            name: "TestProject",
            assemblyName: "TestProject",
            language: LanguageNames.CSharp,
            filePath: "/0/TestProject.csproj",
            compilationOptions: TestOptions.CompilationOptions,
            parseOptions: TestOptions.ParseOptions,
            metadataReferences: TestReferences.All));

        for (var i = 0; i < sources.Count; i++)
        {
            var path = TestOptions.DocumentPath(i);
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), $"Test{i}.cs", SourceText.From(sources[i], Encoding.UTF8), filePath: path);
        }

        var config = TestOptions.BuildEditorConfig(editorConfig);
        if (config is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId, FrameworkSetup.EditorConfigPath), ".editorconfig", SourceText.From(config, Encoding.UTF8), filePath: FrameworkSetup.EditorConfigPath);
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>The source a markup test input stands for: spans (<c>[|…|]</c>, <c>{|ID:…|}</c>) removed, line endings normalized.</summary>
    public static string StripMarkup(string markup)
    {
        Microsoft.CodeAnalysis.Testing.TestFileMarkupParser.GetSpans(markup, out var source, out ImmutableArray<Microsoft.CodeAnalysis.Text.TextSpan> _);
        return NormalizeLineEndings(source);
    }

    /// <summary>Test inputs are compared with <c>\n</c> line endings whatever the checkout uses.</summary>
    public static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n");

    /// <summary>Compiler errors of the project.</summary>
    public static async Task<ImmutableArray<Diagnostic>> GetCompilerErrorsAsync(Project project, CancellationToken cancellationToken = default)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        return compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    /// <summary>
    /// The analyzer's diagnostics, sorted by position; fails when it throws (AD0001) or when concurrent and sequential
    /// execution disagree, as the verifiers do.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(Project project, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken = default)
    {
        var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var withAnalyzers = FrameworkSetup.CreateCheckedCompilationWithAnalyzers(compilation, ImmutableArray.Create(analyzer), project.AnalyzerOptions, cancellationToken);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        return diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }
}
