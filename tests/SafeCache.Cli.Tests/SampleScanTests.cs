using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace SafeCache.Cli.Tests;

/// <summary>The sample scanned once as a project (MSBuild, SARIF) and once as a folder (JSON), shared by the tests.</summary>
public sealed class SampleScans
{
    public SampleScans()
    {
        var repository = Cli.RepositoryRoot();
        SampleFolder = Path.Combine(repository, "samples", "LeakyService");
        SarifPath = Path.Combine(Path.GetTempPath(), $"safecache-sample-{Guid.NewGuid():N}.sarif");
        Project = Cli.Run(repository, "scan", Path.Combine("samples", "LeakyService", "LeakyService.csproj"), "--format", "sarif", "--output", SarifPath);
        Folder = Cli.Run(repository, "scan", Path.Combine("samples", "LeakyService"), "--format", "json");
    }

    public string SampleFolder { get; }

    public string SarifPath { get; }

    public CliResult Project { get; }

    public CliResult Folder { get; }
}

public sealed class SampleScanTests : IClassFixture<SampleScans>
{
    private readonly SampleScans _scans;

    public SampleScanTests(SampleScans scans) => _scans = scans;

    [Fact]
    public async Task Folder_scan_of_the_sample_finds_exactly_what_the_analyzers_report()
    {
        Assert.True(_scans.Folder.ExitCode == 1, _scans.Folder.ToString());
        using var json = JsonDocument.Parse(_scans.Folder.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("ruleId").GetString()} {f.GetProperty("path").GetString()}:{f.GetProperty("line").GetInt32()}:{f.GetProperty("column").GetInt32()}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(await Oracle.FindingsAsync(_scans.SampleFolder), findings);
        Assert.Equal(Oracle.RuleIds, findings.Select(f => f.Split(' ')[0]).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        Assert.Equal(0, json.RootElement.GetProperty("totals").GetProperty("compilerErrors").GetInt32());
        Assert.Equal(findings.Count, json.RootElement.GetProperty("totals").GetProperty("findings").GetInt32());
    }

    [Fact]
    public async Task Project_scan_of_the_sample_writes_sarif_with_every_required_field()
    {
        Assert.True(_scans.Project.ExitCode == 1, _scans.Project.ToString());
        using var sarif = JsonDocument.Parse(File.ReadAllText(_scans.SarifPath));
        var root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);

        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(Oracle.RuleIds, rules.Select(r => r.GetProperty("id").GetString()));
        foreach (var rule in rules)
        {
            var help = rule.GetProperty("helpUri").GetString()!;
            Assert.True(Uri.IsWellFormedUriString(help, UriKind.Absolute), help);
            Assert.EndsWith(rule.GetProperty("id").GetString() + ".md", help, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
        }

        var results = run.GetProperty("results").EnumerateArray().ToList();
        var found = results.Select(r =>
        {
            var location = Assert.Single(r.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.False(Path.IsPathRooted(uri), uri);
            Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetProperty("text").GetString()));
            Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.Contains(r.GetProperty("level").GetString(), new[] { "error", "warning", "note", "none" });
            var region = location.GetProperty("region");
            return $"{r.GetProperty("ruleId").GetString()} {uri}:{region.GetProperty("startLine").GetInt32()}:{region.GetProperty("startColumn").GetInt32()}";
        }).OrderBy(s => s, StringComparer.Ordinal).ToList();

        Assert.Equal(await Oracle.FindingsAsync(_scans.SampleFolder), found);
        Assert.StartsWith("file:///", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_command_lists_every_rule_from_the_descriptors()
    {
        var result = Cli.Run(Cli.RepositoryRoot(), "rules");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var id in Oracle.RuleIds)
        {
            var line = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith(id + " ", StringComparison.Ordinal));
            Assert.Contains($"docs/rules/{id}.md", line, StringComparison.Ordinal);
        }

        // Each fix by the name in its equivalence key, in preference order (one provider offers several fixes).
        var sc0001 = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith("SC0001 ", StringComparison.Ordinal));
        Assert.Contains("MakeCachePerInstance, MakeMethodStatic, HoldInstanceWeakly", sc0001, StringComparison.Ordinal);
        var sc0004 = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith("SC0004 ", StringComparison.Ordinal));
        Assert.Contains("CompareKeysByContent, MakeKeyImmutable, MakeKeyRecord", sc0004, StringComparison.Ordinal);
    }
}
