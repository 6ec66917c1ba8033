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

/// <summary>Runs <c>dotnet pack</c> once for all package tests, into a temporary folder feed.</summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        WorkDirectory = Path.Combine(Path.GetTempPath(), "safecache-package-" + Guid.NewGuid().ToString("N"));
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        Directory.CreateDirectory(FeedDirectory);

        // A unique prerelease version: the consumer can never pick up a stale copy from any package cache.
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var root = DotnetCli.RepositoryRoot();
        var (exitCode, output) = DotnetCli.Run(
            root,
            TimeSpan.FromMinutes(8),
            "pack",
            Path.Combine(root, "src", "Runtime", "SafeCache.csproj"),
            "-c", "Release",
            "-nologo",
            "-o", FeedDirectory,
            "-p:Version=" + Version);
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + output);
        }

        NupkgPath = Path.Combine(FeedDirectory, $"SafeCache.{Version}.nupkg");
        if (!File.Exists(NupkgPath))
        {
            throw new InvalidOperationException($"dotnet pack did not produce {NupkgPath}:\n{output}");
        }
    }

    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    public string Version { get; }

    public string NupkgPath { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS eventually.
        }
    }
}
