using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests;

/// <summary>
/// Reflection over SafeCache.Analyzers and SafeCache.CodeFixes: every rule has its attribute, docs page and
/// release-tracking line; every fixer is exported, shared, fixes only known IDs and supports Fix All.
/// </summary>
public sealed class MetaTests
{
    private const string None = "(none yet)";

    private static readonly Assembly AnalyzersAssembly = typeof(DiagnosticDescriptors).Assembly;

    private static readonly Lazy<Assembly> CodeFixesAssembly = new(() => Assembly.Load(new AssemblyName("SafeCache.CodeFixes")));

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }

    private static IEnumerable<Type> Concrete<TBase>(Assembly assembly)
        => LoadableTypes(assembly)
            .Where(t => typeof(TBase).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static IReadOnlyList<Type> AnalyzerTypes => Concrete<DiagnosticAnalyzer>(AnalyzersAssembly).ToList();

    private static IReadOnlyList<Type> FixerTypes => Concrete<CodeFixProvider>(CodeFixesAssembly.Value).ToList();

    private static T Create<T>(Type type) => (T)Activator.CreateInstance(type, nonPublic: true)!;

    /// <summary>Every descriptor: the public static fields of <c>DiagnosticDescriptors</c> plus whatever analyzers support.</summary>
    private static IReadOnlyDictionary<string, DiagnosticDescriptor> Descriptors
    {
        get
        {
            var result = new SortedDictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
            foreach (var member in typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                if (member.FieldType == typeof(DiagnosticDescriptor) && member.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    result[descriptor.Id] = descriptor;
                }
            }

            foreach (var type in AnalyzerTypes)
            {
                foreach (var descriptor in Create<DiagnosticAnalyzer>(type).SupportedDiagnostics)
                {
                    result.TryAdd(descriptor.Id, descriptor);
                }
            }

            return result;
        }
    }

    private static IEnumerable<object[]> OrNone(IEnumerable<string> names)
    {
        var rows = names.Select(n => new object[] { n }).ToList();
        return rows.Count > 0 ? rows : new[] { new object[] { None } };
    }

    public static IEnumerable<object[]> DescriptorIds => Descriptors.Keys.Select(id => new object[] { id });

    public static IEnumerable<object[]> AnalyzerNames => OrNone(AnalyzerTypes.Select(t => t.FullName!));

    public static IEnumerable<object[]> FixerNames => OrNone(FixerTypes.Select(t => t.FullName!));

    [Fact]
    public void There_are_rules()
    {
        Assert.NotEmpty(Descriptors);
        Assert.Contains("SC0001", Descriptors.Keys);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Descriptor_id_follows_the_convention(string id)
    {
        Assert.Matches(new Regex("^SC[0-9]{4}$"), id);
        var descriptor = Descriptors[id];
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{id} has no title");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{id} has no message");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Category), $"{id} has no category");
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Help_link_points_to_an_existing_rule_page(string id)
    {
        var descriptor = Descriptors[id];
        Assert.EndsWith($"docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/safecache/safecache/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        var page = Path.Combine(AppContext.BaseDirectory, "rules", id + ".md");
        Assert.True(File.Exists(page), $"The rule page docs/rules/{id}.md does not exist (looked for {page}).");
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Rule_is_listed_in_release_tracking(string id)
    {
        var descriptor = Descriptors[id];
        var rows = ReleaseTrackingRows();
        Assert.True(rows.ContainsKey(id), $"{id} is not listed in AnalyzerReleases.Unshipped.md or AnalyzerReleases.Shipped.md.");
        var (category, severity) = rows[id];
        Assert.Equal(descriptor.Category, category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), severity);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Rule_has_a_matching_row_in_the_rules_index(string id)
    {
        var descriptor = Descriptors[id];
        var rows = RulesIndexRows();
        Assert.True(rows.ContainsKey(id), $"docs/rules/README.md has no row for {id} (a row starts with '| [{id}]({id}.md) |').");
        var cells = rows[id];
        Assert.True(cells.Length >= 7, $"The index row for {id} needs ID, title, category, default severity, fixes, Python counterpart and options.");
        Assert.Equal(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[1]);
        Assert.Equal(descriptor.Category, cells[2]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[3]);
        Assert.All(cells.Skip(4), cell => Assert.False(string.IsNullOrWhiteSpace(cell), $"The index row for {id} has an empty cell."));
    }

    [Fact]
    public void Rules_index_lists_only_rules_that_exist_and_the_README_links_it()
    {
        Assert.All(RulesIndexRows().Keys, id => Assert.True(Descriptors.ContainsKey(id), $"docs/rules/README.md lists {id}, which no descriptor defines."));
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "repository", "README.md"));
        Assert.Contains("(docs/rules/README.md)", readme, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Rule_page_header_matches_and_it_ends_with_Configuration_and_Suppress(string id)
    {
        var descriptor = Descriptors[id];
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rules", id + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains($"| **Category** | {descriptor.Category} |", text, StringComparison.Ordinal);
        Assert.Contains($"| **Severity** | {descriptor.DefaultSeverity} |", text, StringComparison.Ordinal);

        var sections = Regex.Split(text, "^## ", RegexOptions.Multiline).Skip(1).ToList();
        Assert.True(sections.Count >= 2, $"docs/rules/{id}.md has fewer than two '## ' sections.");
        var configuration = sections[^2];
        var suppress = sections[^1];
        Assert.True(configuration.StartsWith("Configuration\n", StringComparison.Ordinal), $"The second-to-last section of docs/rules/{id}.md is not 'Configuration'.");
        Assert.True(suppress.StartsWith("Suppress\n", StringComparison.Ordinal), $"The last section of docs/rules/{id}.md is not 'Suppress'.");
        Assert.Contains($"dotnet_diagnostic.{id}.severity", configuration, StringComparison.Ordinal);
        Assert.Contains($"#pragma warning disable {id}", suppress, StringComparison.Ordinal);
        Assert.Contains($"[System.Diagnostics.CodeAnalysis.SuppressMessage(\"{descriptor.Category}\", \"{id}:", suppress, StringComparison.Ordinal);
        Assert.Contains($"dotnet_diagnostic.{id}.severity = none", suppress, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Rule_is_in_the_changelog(string id)
    {
        var changelog = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "repository", "CHANGELOG.md"));
        Assert.True(Regex.IsMatch(changelog, $@"\b{id}\b"), $"CHANGELOG.md does not mention {id}; add it next to its release-tracking line.");
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Rule_is_set_by_every_package_preset(string id)
    {
        Assert.Equal("error", PresetSeverity("Strict", id));
        Assert.Equal("none", PresetSeverity("None", id));
        Assert.Null(PresetSeverity("Recommended", id)); // Recommended keeps the descriptor's default.
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_is_a_CSharp_DiagnosticAnalyzer(string typeName)
    {
        if (typeName == None)
        {
            return;
        }

        var type = AnalyzersAssembly.GetType(typeName, throwOnError: true)!;
        var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
        Assert.True(attribute is not null, $"{typeName} lacks [DiagnosticAnalyzer(LanguageNames.CSharp)].");
        Assert.Contains(LanguageNames.CSharp, attribute!.Languages);

        var supported = Create<DiagnosticAnalyzer>(type).SupportedDiagnostics;
        Assert.False(supported.IsDefaultOrEmpty, $"{typeName} supports no diagnostics.");
        foreach (var descriptor in supported)
        {
            Assert.True(Descriptors.ContainsKey(descriptor.Id), $"{typeName} reports {descriptor.Id}, which is unknown.");
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_enables_concurrent_execution_and_skips_generated_code(string typeName)
    {
        if (typeName == None)
        {
            return;
        }

        var context = new RecordingAnalysisContext();
        Create<DiagnosticAnalyzer>(AnalyzersAssembly.GetType(typeName, throwOnError: true)!).Initialize(context);
        Assert.True(context.ConcurrentExecutionEnabled, $"{typeName}.Initialize does not call context.EnableConcurrentExecution().");
        Assert.True(
            context.GeneratedCodeAnalysis == GeneratedCodeAnalysisFlags.None,
            $"{typeName}.Initialize does not call context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None) (got {context.GeneratedCodeAnalysis?.ToString() ?? "no call"}).");
    }

    [Theory]
    [MemberData(nameof(FixerNames))]
    public void Code_fix_is_exported_shared_fixes_known_ids_and_supports_FixAll(string typeName)
    {
        if (typeName == None)
        {
            return;
        }

        var type = CodeFixesAssembly.Value.GetType(typeName, throwOnError: true)!;
        var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
        Assert.True(export is not null, $"{typeName} lacks [ExportCodeFixProvider(LanguageNames.CSharp)].");
        Assert.Contains(LanguageNames.CSharp, export!.Languages);
        Assert.True(
            type.GetCustomAttributes(inherit: false).Any(a => a.GetType().FullName == "System.Composition.SharedAttribute"),
            $"{typeName} lacks [System.Composition.Shared].");

        var fixer = Create<CodeFixProvider>(type);
        var known = AnalyzerTypes.SelectMany(t => Create<DiagnosticAnalyzer>(t).SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
        Assert.False(fixer.FixableDiagnosticIds.IsDefaultOrEmpty, $"{typeName} fixes no diagnostic.");
        foreach (var id in fixer.FixableDiagnosticIds)
        {
            Assert.True(known.Contains(id), $"{typeName} fixes {id}, which no analyzer reports (known: {string.Join(", ", known.OrderBy(x => x, StringComparer.Ordinal))}).");
        }

        Assert.True(fixer.GetFixAllProvider() is not null, $"{typeName}.GetFixAllProvider() returns null: every code fix must support Fix All.");
    }

    /// <summary>Records the configuration calls an analyzer makes in Initialize; registrations are ignored.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecutionEnabled { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) { }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) { }

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) { }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) { }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) { }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) { }

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) { }

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) { }
    }

    /// <summary>ID → the cells of its row in docs/rules/README.md (ID, title, category, severity, fixes, Python, options).</summary>
    private static Dictionary<string, string[]> RulesIndexRows()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "rules", "README.md");
        Assert.True(File.Exists(path), $"The rules index {path} was not copied to the test output.");
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var match = Regex.Match(line, @"^\| \[(SC[0-9]{4})\]\(\1\.md\) \|");
            if (match.Success)
            {
                rows[match.Groups[1].Value] = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            }
        }

        return rows;
    }

    /// <summary>The <c>dotnet_diagnostic.ID.severity</c> a package preset sets, or null.</summary>
    private static string? PresetSeverity(string mode, string id)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "presets", $"SafeCache.{mode}.globalconfig");
        Assert.True(File.Exists(path), $"The preset {path} was not copied to the test output.");
        var match = Regex.Match(File.ReadAllText(path), $@"^dotnet_diagnostic\.{id}\.severity\s*=\s*(\w+)\s*$", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>ID → (category, severity) from the release-tracking tables in <c>releases/</c>.</summary>
    private static Dictionary<string, (string Category, string Severity)> ReleaseTrackingRows()
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var path = Path.Combine(AppContext.BaseDirectory, "releases", file);
            Assert.True(File.Exists(path), $"Release tracking file {path} was not copied to the test output.");
            foreach (var line in File.ReadLines(path))
            {
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length >= 3 && Regex.IsMatch(cells[0], "^[A-Z]+[0-9]+$"))
                {
                    rows[cells[0]] = (cells[1], cells[2]);
                }
            }
        }

        return rows;
    }
}
