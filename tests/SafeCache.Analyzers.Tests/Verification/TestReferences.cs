using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// The metadata references every test compilation gets, built once per test run (offline: nothing is downloaded).
/// </summary>
/// <remarks>
/// The build writes the reference assemblies this test project compiles against to <c>test-references.txt</c>
/// (see the project file): the .NET targeting pack, the SafeCache runtime, Microsoft.Extensions.Caching.Memory and
/// System.Runtime.Caching with their dependencies. Test-host, xunit, Roslyn and our analyzer assemblies are left out,
/// as user code would not reference them.
/// </remarks>
public static class TestReferences
{
    private const string ListFileName = "test-references.txt";

    private static readonly string[] ExcludedPrefixes =
    {
        "xunit",
        "testhost",
        "Microsoft.TestPlatform",
        "Microsoft.VisualStudio.",
        "Microsoft.CodeAnalysis",
        "Microsoft.NET.Test",
        "SafeCache.Analyzers",
        "SafeCache.CodeFixes",
        "System.Composition",
        "Humanizer",
        "Newtonsoft.Json",
        "NuGet.",
        "DiffPlex",
        "MessagePack",
        "Nerdbank.",
        "Microsoft.Build",
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAll = new(Create);

    /// <summary>All references a test compilation is given.</summary>
    public static ImmutableArray<MetadataReference> All => LazyAll.Value;

    /// <summary>The SafeCache runtime assembly (src/Runtime).</summary>
    public static Assembly RuntimeAssembly => typeof(global::SafeCache.LruCache<,>).Assembly;

    private static ImmutableArray<MetadataReference> Create()
    {
        var listPath = Path.Combine(AppContext.BaseDirectory, ListFileName);
        if (!File.Exists(listPath))
        {
            throw new InvalidOperationException($"{listPath} is missing: it is written by the test project's build (target WriteTestCompilationReferences).");
        }

        var paths = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadAllLines(listPath))
        {
            var path = line.Trim();
            var name = Path.GetFileNameWithoutExtension(path);
            if (path.Length == 0 || ExcludedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            paths[name] = path;
        }

        return paths.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
