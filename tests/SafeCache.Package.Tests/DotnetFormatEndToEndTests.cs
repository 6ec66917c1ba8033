using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SafeCache.Package.Tests;

/// <summary>
/// The README's bulk-fix command, for real: the sample plus shapes of every rule that have no fix (tests/SafeCache.Package.Tests/MixedProject),
/// restored from the packed nupkg, fixed with <c>dotnet format analyzers</c>, rebuilt and run again.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed partial class DotnetFormatEndToEndTests
{
    /// <summary>The caches no SafeCache fix can rewrite, by rule: they must still be reported after the command.</summary>
    private static readonly Dictionary<string, string[]> Unfixable = new()
    {
        ["SC0001"] = new[] { "Cache", "s_sizes" },
        ["SC0002"] = new[] { "Ranks" },
        ["SC0003"] = new[] { "AddMemoryCache()", "LruCache<string, int>", "s_cache", "s_table", "s_handlers", "Cache", "Translations" },
        ["SC0004"] = Array.Empty<string>(),
        ["SC0005"] = new[] { "Translations", "s_greetings" },
    };

    private static readonly object s_baselineLock = new();
    private static (BuildResult Build, string Run)? s_baseline;

    private readonly PackedPackage _package;

    public DotnetFormatEndToEndTests(PackedPackage package) => _package = package;

    /// <summary>The untouched project's diagnostics and output, built and run once for all tests (every copy starts the same).</summary>
    private (BuildResult Build, string Run) Baseline()
    {
        lock (s_baselineLock)
        {
            if (s_baseline is null)
            {
                var project = CreateMixedProject("baseline");
                s_baseline = (Build(project), Run(project));
            }

            return s_baseline.Value;
        }
    }

    [Fact]
    public void Readme_command_fixes_every_fixable_diagnostic_and_the_bugs_at_run_time()
    {
        var (before, beforeRun) = Baseline();
        var project = CreateMixedProject("all");

        Format(project, Unfixable.Keys.ToArray());
        var after = Build(project);
        var afterRun = Run(project);

        foreach (var rule in Unfixable.Keys)
        {
            AssertFixed(rule, before, after);
        }

        // The bugs are gone at run time...
        Assert.Contains("SC0001 ReportBuilder instances alive after a full GC: 100 of 100", beforeRun, StringComparison.Ordinal);
        Assert.Contains("SC0001 ReportBuilder instances alive after a full GC: 0 of 100", afterRun, StringComparison.Ordinal);
        Assert.Contains("SC0005 EUR price of SKU-1 after a USD list filled the cache: 50.00", beforeRun, StringComparison.Ordinal);
        Assert.Contains("SC0005 EUR price of SKU-1 after a USD list filled the cache: 46.00", afterRun, StringComparison.Ordinal);
        Assert.Contains("SC0002 columns a later CSV export sees after one hid 'Secret': Name (Row has", beforeRun, StringComparison.Ordinal);
        Assert.Contains("SC0002 columns a later CSV export sees after one hid 'Secret': Name,Secret (Row has", afterRun, StringComparison.Ordinal);
        Assert.Equal(10_000, ParserEntries(beforeRun));
        Assert.InRange(ParserEntries(afterRun), 1, 1_000);

        // ...and what the caches compute is unchanged.
        Assert.Equal(SameLines(beforeRun), SameLines(afterRun));
        Assert.NotEmpty(SameLines(afterRun));
    }

    [Theory]
    [InlineData("SC0001")]
    [InlineData("SC0002")]
    [InlineData("SC0003")]
    [InlineData("SC0004")]
    [InlineData("SC0005")]
    public void Each_rule_on_its_own_fixes_its_fixable_diagnostics(string rule)
    {
        var before = Baseline().Build;
        var project = CreateMixedProject(rule);
        Format(project, rule);
        AssertFixed(rule, before, Build(project));
    }

    /// <summary>No compile errors; every diagnostic of <paramref name="rule"/> that remains is an unfixable one, and each unfixable one remains.</summary>
    private static void AssertFixed(string rule, BuildResult before, BuildResult after)
    {
        Assert.True(after.Errors.Count == 0, "the fixed project does not compile:\n" + string.Join('\n', after.Errors));
        var was = before.Subjects(rule);
        var now = after.Subjects(rule);
        Assert.True(was.Except(Unfixable[rule]).Any(), $"{rule}: the project has no fixable diagnostic");
        Assert.True(now.All(Unfixable[rule].Contains), $"{rule}: still reported after the command: {string.Join(", ", now.Except(Unfixable[rule]))}");
        Assert.True(was.Intersect(Unfixable[rule]).All(now.Contains), $"{rule}: an unfixable diagnostic disappeared: {string.Join(", ", was.Intersect(Unfixable[rule]).Except(now))}");
    }

    private string CreateMixedProject(string name)
    {
        var root = DotnetCli.RepositoryRoot();
        var directory = Path.Combine(_package.WorkDirectory, "mixed-" + name);
        Directory.CreateDirectory(directory);
        foreach (var source in Directory.GetFiles(Path.Combine(root, "samples", "LeakyService"), "*.cs")
                     .Concat(Directory.GetFiles(Path.Combine(root, "tests", "SafeCache.Package.Tests", "MixedProject"), "*.cs")))
        {
            File.Copy(source, Path.Combine(directory, Path.GetFileName(source)));
        }

        // The sample's .editorconfig raises SC0003's suggestions to warnings: the same findings as the sample build.
        File.Copy(Path.Combine(root, "samples", "LeakyService", ".editorconfig"), Path.Combine(directory, ".editorconfig"));

        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_package.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Mixed.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>LeakyService</RootNamespace>
                <RestorePackagesPath>{Path.Combine(_package.WorkDirectory, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <!-- MemoryCache and AddMemoryCache come with the shared framework: nothing to restore but SafeCache. -->
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <PackageReference Include="SafeCache" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        return directory;
    }

    private static BuildResult Build(string project)
    {
        var (exitCode, output) = DotnetCli.Run(project, TimeSpan.FromMinutes(5), "build", "--no-incremental", "-nologo");
        var result = BuildResult.Parse(output);
        Assert.True(exitCode == 0 && result.Errors.Count == 0, "build failed:\n" + output);
        return result;
    }

    private static void Format(string project, params string[] rules)
    {
        var arguments = new List<string> { "format", "analyzers", "Mixed.csproj", "--diagnostics" };
        arguments.AddRange(rules);
        arguments.AddRange(new[] { "--severity", "warn" });
        var (exitCode, output) = DotnetCli.Run(project, TimeSpan.FromMinutes(5), arguments.ToArray());
        Assert.True(exitCode == 0, "dotnet format failed:\n" + output);
    }

    private static string Run(string project)
    {
        var (exitCode, output) = DotnetCli.Run(project, TimeSpan.FromMinutes(2), "run", "--no-build");
        Assert.True(exitCode == 0, "the program failed:\n" + output);
        return output;
    }

    private static int ParserEntries(string output)
        => int.Parse(ParserLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    private static List<string> SameLines(string output)
        => output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("same:", StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"SC0003 parser cache entries after \d+ distinct User-Agents: (\d+)")]
    private static partial Regex ParserLine();

    private sealed partial class BuildResult
    {
        private readonly List<(string Rule, string File, string Subject)> _warnings;

        private BuildResult(List<(string Rule, string File, string Subject)> warnings, List<string> errors)
        {
            _warnings = warnings;
            Errors = errors;
        }

        public List<string> Errors { get; }

        /// <summary>The first quoted name of each distinct <paramref name="rule"/> diagnostic: the cache (or call, or type) it is about.</summary>
        public List<string> Subjects(string rule)
            => _warnings.Where(w => w.Rule == rule).Select(w => w.Subject).ToList();

        public static BuildResult Parse(string output)
        {
            var warnings = new HashSet<(string, string, string)>();
            var errors = new HashSet<string>();
            foreach (Match match in Diagnostic().Matches(output))
            {
                if (match.Groups["kind"].Value == "error")
                {
                    errors.Add(match.Value);
                }
                else if (match.Groups["id"].Value.StartsWith("SC", StringComparison.Ordinal))
                {
                    var subject = Subject().Match(match.Groups["message"].Value).Groups[1].Value;
                    warnings.Add((match.Groups["id"].Value, Path.GetFileName(match.Groups["file"].Value) + match.Groups["pos"].Value, subject));
                }
            }

            return new BuildResult(warnings.Select(w => (w.Item1, w.Item2, w.Item3)).ToList(), errors.ToList());
        }

        [GeneratedRegex(@"(?<file>[^\s:]+\.cs)(?<pos>\(\d+,\d+\)): (?<kind>warning|error) (?<id>[A-Z]+\d+):(?<message>[^\n]*)")]
        private static partial Regex Diagnostic();

        [GeneratedRegex("'([^']*)'")]
        private static partial Regex Subject();
    }
}
