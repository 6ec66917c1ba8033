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
/// All of <c>TRUSTED_PLATFORM_ASSEMBLIES</c> (the shared framework plus this test project's dependencies) except
/// test-host, xunit and Roslyn assemblies, plus the SafeCache runtime, Microsoft.Extensions.Caching.Memory (with its
/// Abstractions/Options/Primitives dependencies) and System.Runtime.Caching.
/// </remarks>
public static class TestReferences
{
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
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAll = new(Create);

    /// <summary>All references a test compilation is given.</summary>
    public static ImmutableArray<MetadataReference> All => LazyAll.Value;

    /// <summary>The SafeCache runtime assembly (src/Runtime).</summary>
    public static Assembly RuntimeAssembly
    {
        get
        {
            // typeof(SafeCache.LruCache<,>) once the runtime has it; until then, by name (the test project references it).
            var lru = Type.GetType("SafeCache.LruCache`2, SafeCache", throwOnError: false);
            return lru?.Assembly ?? Assembly.Load(new AssemblyName("SafeCache"));
        }
    }

    private static ImmutableArray<MetadataReference> Create()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var testAssemblyName = typeof(TestReferences).Assembly.GetName().Name!;

        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        foreach (var path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (string.Equals(name, testAssemblyName, StringComparison.OrdinalIgnoreCase)
                || ExcludedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            paths[name] = path;
        }

        void AddAssembly(Assembly assembly)
        {
            if (!string.IsNullOrEmpty(assembly.Location))
            {
                paths[Path.GetFileNameWithoutExtension(assembly.Location)] = assembly.Location;
            }
        }

        AddAssembly(RuntimeAssembly);
        AddAssembly(typeof(Microsoft.Extensions.Caching.Memory.MemoryCache).Assembly);
        AddAssembly(typeof(Microsoft.Extensions.Caching.Memory.IMemoryCache).Assembly);
        AddAssembly(typeof(Microsoft.Extensions.Options.IOptions<>).Assembly);
        AddAssembly(typeof(Microsoft.Extensions.Primitives.IChangeToken).Assembly);
        AddAssembly(typeof(System.Runtime.Caching.ObjectCache).Assembly);

        var references = ImmutableArray.CreateBuilder<MetadataReference>(paths.Count);
        foreach (var path in paths.Values.OrderBy(p => p, StringComparer.Ordinal))
        {
            if (File.Exists(path))
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return references.ToImmutable();
    }
}
