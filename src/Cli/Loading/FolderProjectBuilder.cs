using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace SafeCache.Cli.Loading;

/// <summary>
/// A plain folder as one C# project: every *.cs below it (not bin/, obj/ or excluded), the framework's reference
/// assemblies, the SDK's implicit usings and every .editorconfig that applies. Nothing is built or restored, and
/// unresolved types stay compiler errors the analyzers work around.
/// </summary>
internal static class FolderProjectBuilder
{
    private static readonly Encoding s_utf8WithoutMark = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static readonly string[] s_skippedFolders = { "bin", "obj", ".git", ".vs", "node_modules" };

    public static LoadedCode Load(string root, IReadOnlyList<string> excludes, Stopwatch stopwatch)
    {
        var globs = PathGlob.Parse(excludes);
        var sources = new List<string>();
        var projects = new List<string>();
        var configs = new List<string>();
        Walk(root, root, globs, sources, projects, configs);
        configs.AddRange(AncestorConfigs(root));

        if (sources.Count == 0)
        {
            throw new UsageException($"no C# files under {root}");
        }

        var workspace = new AdhocWorkspace(MefHostServices.DefaultHost);
        var projectId = ProjectId.CreateNewId();
        // A file without a byte order mark is read as UTF-8 without one, so that 'fix' writes it back without one.
        DocumentInfo FileDocument(string path)
            => DocumentInfo.Create(DocumentId.CreateNewId(projectId), Path.GetFileName(path), loader: new FileTextLoader(path, s_utf8WithoutMark), filePath: path);

        var documents = sources.Select(FileDocument).ToList();

        var usings = ImplicitUsings.For(projects);
        if (usings.Count > 0)
        {
            var generated = Path.Combine(root, "obj", "SafeCache.ImplicitUsings.g.cs");
            documents.Add(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                Path.GetFileName(generated),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(ImplicitUsings.Source(usings), Encoding.UTF8), VersionStamp.Create())),
                filePath: generated,
                isGenerated: true));
        }

        var configDocuments = configs.Select(FileDocument).ToList();

        var name = new DirectoryInfo(root).Name;
        var project = ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                name,
                name,
                LanguageNames.CSharp,
                filePath: Path.Combine(root, name + ".csproj"),
                compilationOptions: CompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                parseOptions: ParseOptions(),
                documents: documents,
                metadataReferences: FrameworkReferences.All)
            .WithAnalyzerConfigDocuments(configDocuments);

        var solution = workspace.CurrentSolution.AddProject(project);
        if (!workspace.TryApplyChanges(solution))
        {
            throw new InvalidOperationException("could not create the folder project");
        }

        solution = WithEntryPointKind(workspace.CurrentSolution.GetProject(projectId)!);
        workspace.TryApplyChanges(solution);
        return new LoadedCode(workspace, workspace.CurrentSolution, root, LoadMode.Folder, Array.Empty<string>(), stopwatch.Elapsed);
    }

    // Parses every file (in parallel: it is a third of a folder scan) and makes the project an executable when some
    // file has top-level statements, so that alone is not a compiler error.
    private static Solution WithEntryPointKind(Project project)
    {
        var topLevel = 0;
        Parallel.ForEach(project.Documents, document =>
        {
            var root = document.GetSyntaxRootAsync().GetAwaiter().GetResult();
            if (root is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().Any())
            {
                Interlocked.Increment(ref topLevel);
            }
        });

        return topLevel > 0
            ? project.WithCompilationOptions(CompilationOptions(OutputKind.ConsoleApplication)).Solution
            : project.Solution;
    }

    /// <summary>Top-level statements need an executable; everything else compiles as a library.</summary>
    public static CSharpCompilationOptions CompilationOptions(OutputKind kind)
        => new(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, concurrentBuild: true);

    private static CSharpParseOptions ParseOptions()
    {
        var major = Environment.Version.Major;
        var symbols = new List<string> { "TRACE", "NET", "NETCOREAPP", $"NET{major}_0", "NETCOREAPP3_1_OR_GREATER", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP2_0_OR_GREATER", "NETSTANDARD2_0_OR_GREATER", "NETSTANDARD2_1_OR_GREATER" };
        for (var v = 5; v <= major; v++)
        {
            symbols.Add($"NET{v}_0_OR_GREATER");
        }

        return new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular, symbols);
    }

    private static void Walk(string root, string folder, IReadOnlyList<PathGlob> globs, List<string> sources, List<string> projects, List<string> configs)
    {
        foreach (var file in Directory.EnumerateFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file);
            if (globs.Any(g => g.Matches(relative)))
            {
                continue;
            }

            var fileName = Path.GetFileName(file);
            if (fileName.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                sources.Add(file);
            }
            else if (fileName.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                projects.Add(file);
            }
            else if (fileName is ".editorconfig" or ".globalconfig")
            {
                configs.Add(file);
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (s_skippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase) || globs.Any(g => g.Matches(Path.GetRelativePath(root, sub))))
            {
                continue;
            }

            // Symbolic links to folders could loop; the code they point to is scanned where it lives.
            if (new DirectoryInfo(sub).LinkTarget is not null)
            {
                continue;
            }

            Walk(root, sub, globs, sources, projects, configs);
        }
    }

    // .editorconfig files above the scanned folder apply to it too (Roslyn stops at the one marked root = true).
    private static IEnumerable<string> AncestorConfigs(string root)
    {
        for (var dir = Directory.GetParent(root); dir is not null; dir = dir.Parent)
        {
            var config = Path.Combine(dir.FullName, ".editorconfig");
            if (File.Exists(config))
            {
                yield return config;
            }
        }
    }
}
