using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SafeCache.Cli.Tests;

public sealed class ScanTests
{
    [Fact]
    public void Code_with_syntax_errors_and_missing_references_is_still_scanned()
    {
        using var folder = new TempFolder();
        folder.Write("Report.cs", Snippets.LeakyReport.Replace("using SafeCache;", "using SafeCache;\nusing Vendor.Missing;"));
        folder.Write("Broken.cs", """
            namespace Shop;

            public sealed class Broken : MissingBase
            {
                public void Half(UnknownType t) { var x = t.Value +; if (
            """);

        var result = Cli.Run(folder.Path, "scan", ".", "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("SC0001", finding.GetProperty("ruleId").GetString());
        Assert.Equal("Report.cs", finding.GetProperty("path").GetString());
        Assert.True(json.RootElement.GetProperty("totals").GetProperty("compilerErrors").GetInt32() >= 4, result.Stdout);
        Assert.Empty(json.RootElement.GetProperty("analyzerFailures").EnumerateArray());
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_scan_splits_the_time_and_counts_the_same_compiler_errors_as_the_one_pass_scan()
    {
        using var folder = new TempFolder();
        folder.Write("Report.cs", Snippets.LeakyReport);
        folder.Write("Broken.cs", """
            namespace Shop;

            public sealed class Broken : MissingBase
            {
                public int Half(UnknownType t) => t.Value + Missing.Call();
            }
            """);

        var onePass = Cli.Run(folder.Path, "scan", ".");
        var verbose = Cli.Run(folder.Path, "scan", ".", "--verbose");

        Assert.True(onePass.ExitCode == 1, onePass.ToString());
        Assert.True(verbose.ExitCode == 1, verbose.ToString());
        Assert.Contains("3 compiler errors; load ", onePass.Stdout, StringComparison.Ordinal);
        Assert.Contains(", compile and analyze ", onePass.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("timing:", onePass.Stderr, StringComparison.Ordinal);

        // The compiler alone finds what the one pass found; then each SafeCache analyzer's own time is listed.
        Assert.Contains("3 compiler errors; load ", verbose.Stdout, StringComparison.Ordinal);
        Assert.Contains(", analysis pass ", verbose.Stdout, StringComparison.Ordinal);
        Assert.Contains("(SafeCache analyzers ", verbose.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, verbose.Stderr.Split('\n').Count(l => l.StartsWith("compiler error: ", StringComparison.Ordinal) && l.Contains("Broken.cs(", StringComparison.Ordinal)));
        foreach (var analyzer in new[] { "SharedCacheCapturesInstanceAnalyzer", "CachedMutableValueEscapesAnalyzer", "UnboundedSharedCacheAnalyzer", "MutableOrIdentityCacheKeyAnalyzer", "SharedCacheIgnoresInstanceStateAnalyzer" })
        {
            Assert.Contains($"timing: {analyzer} ", verbose.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Folder_that_relies_on_implicit_usings_binds_and_reports_in_text()
    {
        using var folder = new TempFolder();
        folder.Write("Shop.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>""");
        folder.Write(Path.Combine("src", "SkuParser.cs"), Snippets.ImplicitUsingsParser);
        folder.Write(Path.Combine("bin", "Debug", "Stale.cs"), Snippets.LeakyReport);
        folder.Write(Path.Combine("tests", "Report.cs"), Snippets.LeakyReport);

        var result = Cli.Run(folder.Path, "scan", folder.Path, "--exclude", "tests");

        Assert.True(result.ExitCode == 1, result.ToString());
        var finding = Assert.Single(result.Stdout.Split('\n'), l => l.Contains(" SC0", StringComparison.Ordinal) && l.Contains(".cs:", StringComparison.Ordinal));
        Assert.StartsWith("  src/SkuParser.cs:", finding, StringComparison.Ordinal);
        // Its keys are strings of unknown extent: SC0003 reports it as a suggestion (a warning needs evidence of growth).
        Assert.Contains("  suggestion SC0003  Static cache 's_parsed'", finding, StringComparison.Ordinal);
        Assert.Contains("0 compiler errors", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Total ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Editorconfig_of_the_scanned_code_and_severity_threshold_decide_what_is_reported()
    {
        using var folder = new TempFolder();
        folder.Write("Report.cs", Snippets.LeakyReport);
        folder.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.SC0001.severity = suggestion\n");

        var suggestion = Cli.Run(folder.Path, "scan", ".", "--format", "json");
        var warningsOnly = Cli.Run(folder.Path, "scan", ".", "--severity", "warning");

        Assert.True(suggestion.ExitCode == 1, suggestion.ToString());
        using var json = JsonDocument.Parse(suggestion.Stdout);
        Assert.Equal("suggestion", Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray()).GetProperty("severity").GetString());
        Assert.True(warningsOnly.ExitCode == 0, warningsOnly.ToString());
        Assert.Contains("0 findings", warningsOnly.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_existent_path_is_a_one_line_usage_error()
    {
        using var folder = new TempFolder();

        var result = Cli.Run(folder.Path, "scan", "no/such/Thing.sln");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("path not found: no/such/Thing.sln", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout.Trim());
    }

    [Theory]
    [InlineData("scan", ".", "--format", "xml")]
    [InlineData("scan", ".", "--severity")]
    [InlineData("scan", ".", "--rules", "SC9999")]
    [InlineData("scan")]
    public void Malformed_options_are_one_line_usage_errors(params string[] arguments)
    {
        using var folder = new TempFolder();
        folder.Write("Report.cs", Snippets.LeakyReport);

        var result = Cli.Run(folder.Path, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("safecache: error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_hides_known_findings_across_unrelated_edits_and_reports_a_new_one()
    {
        using var folder = new TempFolder();
        folder.Write("Report.cs", Snippets.LeakyReport);
        var baseline = Path.Combine(folder.Path, "safecache-baseline.json");

        var write = Cli.Run(folder.Path, "scan", ".", "--write-baseline", baseline);
        Assert.True(write.ExitCode == 1, write.ToString());

        // An unrelated edit moves the finding down three lines.
        folder.Write("Report.cs", "// Copyright Shop\n// All rights reserved.\n\n" + Snippets.LeakyReport);
        var unchanged = Cli.Run(folder.Path, "scan", ".", "--baseline", baseline, "--format", "json");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        using (var json = JsonDocument.Parse(unchanged.Stdout))
        {
            Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal(1, json.RootElement.GetProperty("totals").GetProperty("baselined").GetInt32());
        }

        // A second leaking method is new.
        folder.Write("Report.cs", folder.Read("Report.cs").Replace(
            "    private string Render(int year)",
            "    public string Summary(int year) => s_cache.GetOrAdd((this, -year), key => key.Item1._title);\n\n    private string Render(int year)"));
        var added = Cli.Run(folder.Path, "scan", ".", "--baseline", baseline, "--format", "json");
        Assert.True(added.ExitCode == 1, added.ToString());
        using (var json = JsonDocument.Parse(added.Stdout))
        {
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal("SC0001", finding.GetProperty("ruleId").GetString());
            Assert.Contains("'Summary'", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }
}
