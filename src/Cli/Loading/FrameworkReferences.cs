using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace SafeCache.Cli.Loading;

/// <summary>
/// The reference assemblies a folder scan compiles against: the running framework's targeting packs
/// (Microsoft.NETCore.App.Ref, and Microsoft.AspNetCore.App.Ref, which also carries Microsoft.Extensions.Caching)
/// from the dotnet installation that runs the tool, plus SafeCache's own runtime so code that uses it binds.
/// Without a targeting pack (a runtime-only install) the shared framework's implementation assemblies stand in.
/// </summary>
internal static class FrameworkReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_references = new(Create);

    public static IReadOnlyList<MetadataReference> All => s_references.Value;

    private static IReadOnlyList<MetadataReference> Create()
    {
        var paths = new List<string>();
        var sharedNetCore = RuntimeEnvironment.GetRuntimeDirectory();
        var dotnetRoot = Path.GetFullPath(Path.Combine(sharedNetCore, "..", "..", ".."));

        paths.AddRange(PackAssemblies(dotnetRoot, "Microsoft.NETCore.App") ?? Directory.GetFiles(sharedNetCore, "*.dll").Where(IsManagedFacadeOrLibrary));
        paths.AddRange(PackAssemblies(dotnetRoot, "Microsoft.AspNetCore.App") ?? SharedFrameworkAssemblies(dotnetRoot, "Microsoft.AspNetCore.App"));
        paths.Add(typeof(SafeCache.CacheInfo).Assembly.Location);

        // Names, not paths, decide duplicates: the first pack that has an assembly wins.
        return paths
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToList();
    }

    private static IEnumerable<string>? PackAssemblies(string dotnetRoot, string framework)
    {
        var packRoot = Path.Combine(dotnetRoot, "packs", framework + ".Ref");
        var version = BestVersion(packRoot);
        if (version is null)
        {
            return null;
        }

        var tfm = Path.Combine(packRoot, version, "ref", $"net{Environment.Version.Major}.0");
        return Directory.Exists(tfm) ? Directory.GetFiles(tfm, "*.dll") : null;
    }

    private static IEnumerable<string> SharedFrameworkAssemblies(string dotnetRoot, string framework)
    {
        var root = Path.Combine(dotnetRoot, "shared", framework);
        var version = BestVersion(root);
        return version is null ? Array.Empty<string>() : Directory.GetFiles(Path.Combine(root, version), "*.dll").Where(IsManagedFacadeOrLibrary);
    }

    // The highest installed version of the running framework's major version.
    private static string? BestVersion(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        return Directory.GetDirectories(folder)
            .Select(Path.GetFileName)
            .Select(name => (Name: name!, Parsed: Version.TryParse(name!.Split('-')[0], out var v) ? v : null))
            .Where(x => x.Parsed is not null && x.Parsed.Major == Environment.Version.Major)
            .OrderByDescending(x => x.Parsed)
            .Select(x => x.Name)
            .FirstOrDefault();
    }

    // Native libraries in the shared folder (libclrjit.so etc.) are not .dll; a few native .dll on Windows are skipped by name.
    private static bool IsManagedFacadeOrLibrary(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith("Microsoft.DiaSymReader", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("clr", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("mscordaccore", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("mscordbi", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("mscorrc", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("hostpolicy", StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith("coreclr", StringComparison.OrdinalIgnoreCase);
    }
}
