using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace SafeCache.Package.Tests;

/// <summary>
/// Packs src/Runtime into the real SafeCache nupkg once, then checks its layout and builds a consumer that
/// restores it from a local folder feed, exactly as a user installs the package.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class PackageTests
{
    private readonly PackedPackage _package;

    public PackageTests(PackedPackage package) => _package = package;

    [Fact]
    public void Package_contains_runtime_for_both_targets_and_analyzers()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();

        Assert.Contains("lib/netstandard2.0/SafeCache.dll", entries);
        Assert.Contains("lib/net8.0/SafeCache.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SafeCache.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SafeCache.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Analyzers", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_is_a_real_dependency_not_a_development_dependency()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("SafeCache", metadata.Element(ns + "id")!.Value);
        Assert.NotEqual("true", metadata.Element(ns + "developmentDependency")?.Value);
        var dependencyIds = metadata.Descendants(ns + "dependency").Select(d => (string?)d.Attribute("id")).ToList();
        Assert.DoesNotContain("SafeCache.Analyzers", dependencyIds);
        Assert.DoesNotContain("SafeCache.CodeFixes", dependencyIds);
        Assert.DoesNotContain(dependencyIds, id => id is not null && id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void Consumer_restored_from_the_package_gets_runtime_types_and_warnings()
    {
        var consumer = Path.Combine(_package.WorkDirectory, "Consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_package.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{Path.Combine(_package.WorkDirectory, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SafeCache" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "ReportBuilder.cs"), """
            using System.Collections.Generic;
            using SafeCache;

            public sealed class ReportBuilder
            {
                private static readonly Dictionary<(ReportBuilder, int), string> s_cache = new();
                private readonly LruCache<int, string> _titles = new(capacity: 16);

                public string Build(int id)
                {
                    if (!s_cache.TryGetValue((this, id), out var report))
                    {
                        report = _titles.GetOrAdd(id, i => "Report " + i);
                        s_cache[(this, id)] = report;
                    }

                    return report;
                }
            }
            """);

        var (exitCode, output) = DotnetCli.Run(consumer, TimeSpan.FromMinutes(5), "build", "-nologo", "-v:q", "-clp:NoSummary");

        Assert.True(exitCode == 0, "consumer build failed:\n" + output);
        Assert.Contains("warning SC0001", output, StringComparison.Ordinal);
    }
}

/// <summary>The package test classes share one <see cref="PackedPackage"/>, packed before the first and deleted after the last.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "SafeCache package";
}

/// <summary>
/// Runs <c>dotnet pack</c> once for all package tests, into a temporary folder feed: packing is the slow part, and
/// every package test looks at the same nupkg. Every instance (collection or class fixture) shares that one pack; the
/// last one disposed deletes it.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    private static readonly object s_gate = new();
    private static Pack? s_pack;
    private static int s_users;

    private readonly Pack _pack;
    private bool _disposed;

    public PackedPackage()
    {
        lock (s_gate)
        {
            s_pack ??= Pack.Create();
            s_users++;
            _pack = s_pack;
        }
    }

    public string WorkDirectory => _pack.WorkDirectory;

    public string FeedDirectory => _pack.FeedDirectory;

    public string Version => _pack.Version;

    public string NupkgPath => _pack.NupkgPath;

    /// <summary>The symbols package written next to the nupkg.</summary>
    public string SnupkgPath => Path.ChangeExtension(NupkgPath, ".snupkg");

    public void Dispose()
    {
        lock (s_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (--s_users == 0)
            {
                Pack.Delete(_pack.WorkDirectory);
                s_pack = null;
            }
        }
    }

    private sealed record Pack(string WorkDirectory, string FeedDirectory, string Version, string NupkgPath)
    {
        public static Pack Create()
        {
            var workDirectory = Path.Combine(Path.GetTempPath(), "safecache-package-" + Guid.NewGuid().ToString("N"));
            var feedDirectory = Path.Combine(workDirectory, "feed");
            Directory.CreateDirectory(feedDirectory);

            // A unique prerelease version: the consumer can never pick up a stale copy from any package cache.
            var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var root = DotnetCli.RepositoryRoot();
            var (exitCode, output) = DotnetCli.Run(
                root,
                TimeSpan.FromMinutes(8),
                "pack",
                Path.Combine(root, "src", "Runtime", "SafeCache.csproj"),
                "-c", "Release",
                "-nologo",
                "-o", feedDirectory,
                "-p:Version=" + version);
            if (exitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + output);
            }

            var nupkgPath = Path.Combine(feedDirectory, $"SafeCache.{version}.nupkg");
            if (!File.Exists(nupkgPath))
            {
                throw new InvalidOperationException($"dotnet pack did not produce {nupkgPath}:\n{output}");
            }

            return new Pack(workDirectory, feedDirectory, version, nupkgPath);
        }

        public static void Delete(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
            }
            catch (UnauthorizedAccessException)
            {
                // Same: never fail a test run over cleanup.
            }
        }
    }
}
