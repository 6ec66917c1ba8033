using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache.Cli.Loading;

/// <summary>Turns the user's path into loaded code: a folder is compiled directly, a solution or project goes through MSBuild.</summary>
internal static class CodeLoader
{
    public static async Task<LoadedCode> LoadAsync(string path, bool noBuild, IReadOnlyList<string> excludes, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        var stopwatch = Stopwatch.StartNew();
        if (Directory.Exists(fullPath))
        {
            return FolderProjectBuilder.Load(fullPath, excludes, stopwatch);
        }

        if (!File.Exists(fullPath))
        {
            throw new UsageException($"path not found: {path}");
        }

        var extension = Path.GetExtension(fullPath).ToLowerInvariant();
        if (extension is not (".sln" or ".slnx" or ".csproj"))
        {
            throw new UsageException($"cannot scan '{path}': expected a .sln, .slnx or .csproj file or a folder");
        }

        if (noBuild)
        {
            return FolderProjectBuilder.Load(Path.GetDirectoryName(fullPath)!, excludes, stopwatch);
        }

        // Before any method that touches MSBuild types is compiled, so they resolve from the installed SDK.
        MSBuildLoader.RegisterSdk();
        return await MSBuildLoader.LoadAsync(fullPath, progress, stopwatch, cancellationToken).ConfigureAwait(false);
    }
}
