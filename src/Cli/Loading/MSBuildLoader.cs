using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace SafeCache.Cli.Loading;

/// <summary>
/// Loads a .sln/.slnx/.csproj with MSBuildWorkspace and the installed .NET SDK. Projects that fail to load or were
/// never restored are reported and skipped (or scanned with what did resolve); only a file MSBuild cannot open at
/// all is an error.
/// </summary>
internal static class MSBuildLoader
{
    private static readonly object s_gate = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<LoadedCode> LoadAsync(string path, ProgressDisplay progress, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var workspace = MSBuildWorkspace.Create();
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (problems)
                {
                    problems.Add(OneLine(e.Diagnostic.Message));
                }
            }
        });

        var loadProgress = new Progress<ProjectLoadProgress>(p =>
        {
            if (p.Operation == ProjectLoadOperation.Resolve)
            {
                progress.ProjectLoaded(Path.GetFileNameWithoutExtension(p.FilePath));
            }
        });

        Solution solution;
        try
        {
            solution = Path.GetExtension(path).Equals(".csproj", StringComparison.OrdinalIgnoreCase)
                ? (await workspace.OpenProjectAsync(path, loadProgress, cancellationToken).ConfigureAwait(false)).Solution
                : await workspace.OpenSolutionAsync(path, loadProgress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException or ArgumentException)
        {
            workspace.Dispose();
            throw new UsageException($"cannot load {Path.GetFileName(path)}: {OneLine(e.Message)}", e);
        }

        problems.AddRange(UnrestoredProjects(solution));
        if (!solution.Projects.Any(p => p.Language == LanguageNames.CSharp))
        {
            workspace.Dispose();
            var reason = problems.Count > 0 ? problems[0] : "it has no C# projects";
            throw new UsageException($"cannot load {Path.GetFileName(path)}: {reason}");
        }

        return new LoadedCode(workspace, solution, Path.GetDirectoryName(path)!, LoadMode.MSBuild, problems.Distinct().ToList(), stopwatch.Elapsed,
            projectFile: Path.GetExtension(path).Equals(".csproj", StringComparison.OrdinalIgnoreCase) ? path : null);
    }

    public static void RegisterSdk()
    {
        lock (s_gate)
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }

            try
            {
                MSBuildLocator.RegisterDefaults();
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException("no .NET SDK found to load projects with (install one, or scan the folder with --no-build): " + OneLine(e.Message), e);
            }
        }
    }

    // A project that was never restored loads without its package references: say so, since most findings need them.
    private static IEnumerable<string> UnrestoredProjects(Solution solution)
        => solution.Projects
            .Where(p => p.FilePath is not null && p.Language == LanguageNames.CSharp)
            .Select(p => p.FilePath!)
            .Distinct(StringComparer.Ordinal)
            .Where(file => !File.Exists(Path.Combine(Path.GetDirectoryName(file)!, "obj", "project.assets.json")))
            .Select(file => $"{Path.GetFileName(file)} is not restored (run 'dotnet restore'): package references are missing");

    private static string OneLine(string message)
        => message.ReplaceLineEndings(" ").Trim();
}
