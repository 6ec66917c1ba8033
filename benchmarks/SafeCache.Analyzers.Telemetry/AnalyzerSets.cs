using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>The analyzers of one package, loaded the way the compiler loads them.</summary>
internal sealed record AnalyzerSet(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)
{
    public static AnalyzerSet SafeCache()
    {
        var assembly = Assembly.Load(new AssemblyName("SafeCache.Analyzers"));
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return new AnalyzerSet("SafeCache", analyzers);
    }

    /// <summary>
    /// <c>--safecache DIR</c>: SafeCache's analyzers from another build's <c>SafeCache.Analyzers.dll</c>, in a load
    /// context of its own so that it does not clash with the build this project references.
    /// </summary>
    public static AnalyzerSet SafeCacheFrom(string directory)
    {
        var path = Path.GetFullPath(Path.Combine(directory, "SafeCache.Analyzers.dll"));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: build src/Analyzers of that version with -o {directory}.");
        }

        var analyzers = new AnalyzerFileReference(path, new FolderLoader(Path.GetDirectoryName(path)!))
            .GetAnalyzers(LanguageNames.CSharp)
            .OrderBy(a => a.GetType().Name, StringComparer.Ordinal)
            .ToImmutableArray();
        return new AnalyzerSet("SafeCache", analyzers);
    }

    /// <summary>
    /// A peer package's analyzers from <c>analyzers/&lt;folder&gt;</c> next to the runner: the build copies them there
    /// from the package folder NuGet restored (see the project file).
    /// </summary>
    public static AnalyzerSet Package(string name, string folder)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "analyzers", folder);
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"{directory} is missing: build the project so that restore copies {name}'s analyzers.");
        }

        var loader = new FolderLoader(directory);
        var analyzers = Directory.EnumerateFiles(directory, "*.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new AnalyzerFileReference(p, loader))
            .SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp))
            .ToImmutableArray();
        return new AnalyzerSet(name, analyzers);
    }

    /// <summary>One load context per package: its dependencies resolve from its own folder, Roslyn from the host.</summary>
    private sealed class FolderLoader : AssemblyLoadContext, IAnalyzerAssemblyLoader
    {
        private readonly string _directory;

        public FolderLoader(string directory)
            : base("analyzers:" + Path.GetFileName(directory))
        {
            _directory = directory;
        }

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}

/// <summary>Median of a few repetitions.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
