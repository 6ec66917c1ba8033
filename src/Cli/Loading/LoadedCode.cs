using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SafeCache.Cli.Loading;

/// <summary>The code to scan or fix: a workspace snapshot, the folder paths are reported relative to, and what went wrong loading it.</summary>
internal sealed class LoadedCode : IDisposable
{
    public LoadedCode(Workspace workspace, Solution solution, string root, LoadMode mode, IReadOnlyList<string> problems, TimeSpan loadTime, string? projectFile = null)
    {
        _projectFile = projectFile;
        Workspace = workspace;
        Solution = solution;
        Root = root;
        Mode = mode;
        Problems = problems;
        LoadTime = loadTime;
    }

    private readonly string? _projectFile;

    public Workspace Workspace { get; }

    public Solution Solution { get; }

    /// <summary>Full path of the scanned folder (or the folder of the .sln/.csproj).</summary>
    public string Root { get; }

    public LoadMode Mode { get; }

    /// <summary>Projects that did not load or restore, one line each: reported, never fatal.</summary>
    public IReadOnlyList<string> Problems { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>
    /// The C# projects to analyze, dependencies first: every one of a solution or folder, but for a .csproj only that
    /// project (once per target framework), not the projects it references.
    /// </summary>
    public IReadOnlyList<Project> Projects
        => Solution.GetProjectDependencyGraph().GetTopologicallySortedProjects()
            .Select(id => Solution.GetProject(id)!)
            .Where(p => p.Language == LanguageNames.CSharp)
            .Where(p => _projectFile is null || string.Equals(p.FilePath, _projectFile, StringComparison.Ordinal))
            .ToList();

    public void Dispose() => Workspace.Dispose();
}

internal enum LoadMode
{
    /// <summary>Plain folder (or --no-build): every *.cs compiled as one project against the framework.</summary>
    Folder,

    /// <summary>.sln/.slnx/.csproj loaded through MSBuild with the installed SDK.</summary>
    MSBuild,
}
