using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SafeCache.Package.Tests;

/// <summary>What a user sees on the package page and in the IDE's package manager: the packed .nuspec and its files.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageMetadataTests
{
    private readonly PackedPackage _package;

    public PackageMetadataTests(PackedPackage package) => _package = package;

    private XElement Metadata(out XNamespace ns)
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(stream);
        ns = nuspec.Root!.Name.Namespace;
        return nuspec.Root.Element(ns + "metadata")!;
    }

    private static string Text(XElement metadata, XNamespace ns, string name)
    {
        var value = metadata.Element(ns + name)?.Value;
        Assert.False(string.IsNullOrWhiteSpace(value), $"The .nuspec has no <{name}>.");
        return value!;
    }

    [Fact]
    public void Nuspec_has_license_readme_icon_urls_tags_and_release_notes()
    {
        var metadata = Metadata(out var ns);

        var license = metadata.Element(ns + "license")!;
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Text(metadata, ns, "readme"));
        Assert.Equal("icon.png", Text(metadata, ns, "icon"));
        Assert.Equal("https://github.com/safecache/safecache", Text(metadata, ns, "projectUrl"));
        Assert.Contains("CHANGELOG.md", Text(metadata, ns, "releaseNotes"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Text(metadata, ns, "description")));

        var tags = Text(metadata, ns, "tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("analyzer", tags);
        Assert.Contains("roslyn", tags);
        Assert.Contains("cache", tags);

        var repository = metadata.Element(ns + "repository");
        Assert.True(repository is not null, "The .nuspec has no <repository>.");
        Assert.Equal("git", (string?)repository!.Attribute("type"));
        Assert.Equal("https://github.com/safecache/safecache", (string?)repository.Attribute("url"));
        Assert.Matches(new Regex("^[0-9a-f]{40}$"), (string?)repository.Attribute("commit") ?? "(no commit attribute)");
    }

    [Fact]
    public void Readme_changelog_icon_and_presets_are_in_the_package()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var entries = zip.Entries.ToDictionary(e => e.FullName.Replace('\\', '/'), StringComparer.Ordinal);

        Assert.Contains("README.md", entries.Keys);
        Assert.Contains("CHANGELOG.md", entries.Keys);
        using (var icon = entries["icon.png"].Open())
        {
            var header = new byte[8];
            icon.ReadExactly(header);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }

        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Contains($"{folder}/SafeCache.props", entries.Keys);
            Assert.Contains($"{folder}/SafeCache.targets", entries.Keys);
        }

        foreach (var mode in new[] { "Recommended", "Strict", "None" })
        {
            Assert.Contains($"build/SafeCache.{mode}.globalconfig", entries.Keys);
        }
    }

    [Fact]
    public void Packed_readme_links_point_at_existing_repository_files()
    {
        // nuget.org shows the README without the repository, so a relative link there is a dead link.
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName == "README.md").Open());
        var packed = reader.ReadToEnd();
        const string RepositoryFiles = "https://github.com/safecache/safecache/blob/main/";

        var targets = Regex.Matches(packed, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(targets);
        var repositoryLinks = 0;
        foreach (var target in targets)
        {
            Assert.True(
                target.StartsWith("https://", StringComparison.Ordinal) || target.StartsWith('#'),
                $"The packed README links to '{target}', which does not resolve on the package page.");
            if (target.StartsWith(RepositoryFiles, StringComparison.Ordinal))
            {
                var file = target.Substring(RepositoryFiles.Length).Split('#')[0];
                Assert.True(
                    File.Exists(Path.Combine(DotnetCli.RepositoryRoot(), file)),
                    $"The packed README links to '{file}', which is not in the repository.");
                repositoryLinks++;
            }
        }

        Assert.True(repositoryLinks >= 5, $"Expected the rule pages to be linked; found {repositoryLinks} repository links.");
    }

    [Fact]
    public void Assemblies_are_deterministic()
    {
        using var zip = ZipFile.OpenRead(_package.NupkgPath);
        var assemblies = zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, assemblies.Count); // lib/netstandard2.0, lib/net8.0, the analyzers and the code fixes.
        foreach (var entry in assemblies)
        {
            using var memory = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(memory);
            }

            memory.Position = 0;
            using var reader = new PEReader(memory);
            Assert.True(
                reader.ReadDebugDirectory().Any(d => d.Type == DebugDirectoryEntryType.Reproducible),
                $"{entry.FullName} was not built deterministically (no Reproducible debug directory entry).");
        }
    }

    [Fact]
    public void Symbols_package_has_portable_pdbs_for_both_runtime_targets()
    {
        Assert.True(File.Exists(_package.SnupkgPath), $"dotnet pack wrote no symbols package {_package.SnupkgPath}.");
        using var zip = ZipFile.OpenRead(_package.SnupkgPath);
        foreach (var pdb in new[] { "lib/netstandard2.0/SafeCache.pdb", "lib/net8.0/SafeCache.pdb" })
        {
            var entry = zip.Entries.SingleOrDefault(e => e.FullName.Replace('\\', '/') == pdb);
            Assert.True(entry is not null, $"{pdb} is not in the symbols package.");
            using var stream = entry!.Open();
            var magic = new byte[4];
            stream.ReadExactly(magic);
            Assert.Equal("BSJB"u8.ToArray(), magic); // Portable PDB metadata signature; Windows PDBs start differently.
        }
    }
}
