using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SafeCache.Package.Tests;

/// <summary>
/// <c>&lt;SafeCacheAnalysisMode&gt;</c> as a user meets it: consumers of the packed nupkg, one per mode (and per way of
/// overriding a mode), built together in one <c>dotnet build</c>; each test reads the severities its project got.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class AnalysisModeTests : IClassFixture<AnalysisModeConsumers>
{
    private static readonly string[] AllRules = { "SC0001", "SC0003", "SC0005" };

    private readonly AnalysisModeConsumers _consumers;

    public AnalysisModeTests(AnalysisModeConsumers consumers) => _consumers = consumers;

    [Fact]
    public void Without_a_mode_every_rule_is_a_warning()
        => AssertSeverities("Default", warnings: AllRules, errors: Array.Empty<string>());

    [Fact]
    public void Without_a_mode_SC0003_without_evidence_of_growth_is_not_a_warning()
    {
        var sc0003 = _consumers.Diagnostics("Default").Where(d => d.Id == "SC0003").Select(d => d.Message).Distinct().ToList();
        Assert.Contains(sc0003, m => m.Contains("'s_labels'", StringComparison.Ordinal));
        Assert.DoesNotContain(sc0003, m => m.Contains("'s_results'", StringComparison.Ordinal));
    }

    [Fact]
    public void Strict_makes_SC0003_suggestions_errors_too()
        => Assert.Contains(
            _consumers.Diagnostics("Strict"),
            d => d.Id == "SC0003" && d.Severity == "error" && d.Message.Contains("'s_results'", StringComparison.Ordinal));

    [Fact]
    public void Recommended_keeps_every_rule_a_warning()
        => AssertSeverities("Recommended", warnings: AllRules, errors: Array.Empty<string>());

    [Fact]
    public void Strict_makes_every_rule_an_error()
        => AssertSeverities("Strict", warnings: Array.Empty<string>(), errors: AllRules);

    [Fact]
    public void Strict_is_case_insensitive_like_other_MSBuild_values()
        => AssertSeverities("StrictLowerCase", warnings: Array.Empty<string>(), errors: AllRules);

    [Fact]
    public void None_turns_every_rule_off_and_the_runtime_still_compiles()
    {
        AssertSeverities("None", warnings: Array.Empty<string>(), errors: Array.Empty<string>());
        Assert.True(_consumers.Built("None"), "The None consumer, which uses LruCache, did not build:\n" + _consumers.Output);
    }

    [Fact]
    public void Editorconfig_entries_win_over_Strict()
        // .editorconfig: SC0003 = warning, SC0005 = none.
        => AssertSeverities("StrictWithEditorConfig", warnings: new[] { "SC0003" }, errors: new[] { "SC0001" });

    [Fact]
    public void Editorconfig_can_turn_one_rule_back_on_under_None()
        // .editorconfig: SC0005 = warning.
        => AssertSeverities("NoneWithEditorConfig", warnings: new[] { "SC0005" }, errors: Array.Empty<string>());

    [Fact]
    public void A_project_that_gets_SafeCache_through_another_project_gets_the_mode_too()
        => AssertSeverities("StrictThroughLibrary", warnings: Array.Empty<string>(), errors: AllRules);

    [Fact]
    public void An_unknown_mode_warns_and_falls_back_to_Recommended()
    {
        AssertSeverities("Unknown", warnings: AllRules, errors: Array.Empty<string>());
        // MSBuild may print a warning twice (as raised and again at the end); one distinct message is what counts.
        var warning = Assert.Single(_consumers.Diagnostics("Unknown").Where(d => d.Id == "SAFECACHE0001").Distinct());
        Assert.Equal("warning", warning.Severity);
        Assert.Contains("'Pedantic'", warning.Message, StringComparison.Ordinal);
    }

    private void AssertSeverities(string project, string[] warnings, string[] errors)
    {
        var diagnostics = _consumers.Diagnostics(project).Where(d => d.Id.StartsWith("SC", StringComparison.Ordinal)).ToList();
        var context = $"\nproject {project}; dotnet build said:\n{_consumers.Output}";
        Assert.True(
            warnings.SequenceEqual(IdsWith(diagnostics, "warning")),
            $"warnings: expected [{string.Join(", ", warnings)}], got [{string.Join(", ", IdsWith(diagnostics, "warning"))}]{context}");
        Assert.True(
            errors.SequenceEqual(IdsWith(diagnostics, "error")),
            $"errors: expected [{string.Join(", ", errors)}], got [{string.Join(", ", IdsWith(diagnostics, "error"))}]{context}");
    }

    private static IEnumerable<string> IdsWith(IEnumerable<BuildDiagnostic> diagnostics, string severity)
        => diagnostics.Where(d => d.Severity == severity).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
}

/// <summary>One diagnostic line of <c>dotnet build</c>, attributed to the project it came from.</summary>
public sealed record BuildDiagnostic(string Project, string Severity, string Id, string Message);

/// <summary>Writes one consumer project per mode next to the packed feed and builds them all at once.</summary>
public sealed class AnalysisModeConsumers : IDisposable
{
    // The same realistic code in every consumer: one SC0001, two SC0003 (a Guid-keyed cache, a warning by default, and
    // a string-keyed one, a suggestion) and one SC0005, next to a use of the runtime.
    private const string Code = """
        using System.Collections.Concurrent;
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

            public void Forget() => s_cache.Clear();
        }

        public static class Orders
        {
            private static readonly ConcurrentDictionary<System.Guid, string> s_labels = new();

            public static string Label(System.Guid order) => s_labels.GetOrAdd(order, o => "Order " + o.ToString("N"));
        }

        public static class Prices
        {
            private static readonly ConcurrentDictionary<string, decimal> s_results = new();

            public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
        }

        public sealed class PriceList
        {
            private static readonly ConcurrentDictionary<string, decimal> s_prices = new();
            private readonly decimal _rate;

            public PriceList(decimal rate) => _rate = rate;

            public decimal Price(string sku) => s_prices.GetOrAdd(sku, s => s.Length * _rate);

            public static void Reset() => s_prices.Clear();
        }
        """;

    private static readonly Regex DiagnosticLine = new(
        @": (?<severity>warning|error) (?<id>[A-Z]+[0-9]+): (?<message>.*) \[(?<project>[^\]]+?\.csproj)",
        RegexOptions.Compiled);

    private readonly PackedPackage _package = new();
    private readonly string _root;
    private readonly List<BuildDiagnostic> _diagnostics = new();

    public AnalysisModeConsumers()
    {
        var package = _package;
        _root = Path.Combine(package.WorkDirectory, "modes");
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);

        var reference = $"""<PackageReference Include="SafeCache" Version="{package.Version}" />""";
        Consumer("Default", mode: null, reference);
        Consumer("Recommended", "Recommended", reference);
        Consumer("Strict", "Strict", reference);
        Consumer("StrictLowerCase", "strict", reference);
        Consumer("None", "None", reference);
        Consumer("Unknown", "Pedantic", reference);
        Consumer("StrictWithEditorConfig", "Strict", reference, editorConfig: """
            dotnet_diagnostic.SC0003.severity = warning
            dotnet_diagnostic.SC0005.severity = none
            """);
        Consumer("NoneWithEditorConfig", "None", reference, editorConfig: "dotnet_diagnostic.SC0005.severity = warning");
        Consumer("Library", mode: null, reference, code: "public static class Library { }");
        Consumer("StrictThroughLibrary", "Strict", """<ProjectReference Include="../Library/Library.csproj" />""");

        var projects = Directory.GetDirectories(_root).Select(Path.GetFileName).Where(name => name != "packages").OrderBy(n => n, StringComparer.Ordinal);
        File.WriteAllText(
            Path.Combine(_root, "Modes.slnx"),
            "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}/{p}.csproj\" />\n")) + "</Solution>\n");

        // Strict consumers fail the build on purpose: the exit code says nothing, the diagnostics say everything.
        var (_, output) = DotnetCli.Run(_root, TimeSpan.FromMinutes(8), "build", "Modes.slnx", "-nologo", "-v:q", "-clp:NoSummary", "-p:TreatWarningsAsErrors=false");
        Output = output;
        foreach (var line in output.Split('\n'))
        {
            var match = DiagnosticLine.Match(line);
            if (match.Success)
            {
                _diagnostics.Add(new BuildDiagnostic(
                    Path.GetFileNameWithoutExtension(match.Groups["project"].Value),
                    match.Groups["severity"].Value,
                    match.Groups["id"].Value,
                    match.Groups["message"].Value));
            }
        }
    }

    public string Output { get; }

    public void Dispose() => _package.Dispose();

    public IReadOnlyList<BuildDiagnostic> Diagnostics(string project) => _diagnostics.Where(d => d.Project == project).ToList();

    public bool Built(string project) => File.Exists(Path.Combine(_root, project, "bin", "Debug", "net10.0", project + ".dll"));

    private void Consumer(string name, string? mode, string reference, string? editorConfig = null, string code = Code)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        var modeProperty = mode is null ? string.Empty : $"<SafeCacheAnalysisMode>{mode}</SafeCacheAnalysisMode>";
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{Path.Combine(_root, "packages")}</RestorePackagesPath>
                {modeProperty}
              </PropertyGroup>
              <ItemGroup>
                {reference}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Caches.cs"), code);
        if (editorConfig is not null)
        {
            File.WriteAllText(Path.Combine(directory, ".editorconfig"), "root = true\n\n[*.cs]\n" + editorConfig + "\n");
        }
    }
}
