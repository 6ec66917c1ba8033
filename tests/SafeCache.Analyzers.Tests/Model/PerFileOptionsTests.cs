using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests.Model;

/// <summary>
/// Options per file, read on demand: the global options apply to every file, a section's values to its files only
/// (merged with the global ones), and a file's options are looked up only when the model asks about that file.
/// </summary>
public class PerFileOptionsTests
{
    private const string Additional = CacheModelOptions.AdditionalCacheTypesKey;
    private const string LegacyFolder = "/0/Legacy/";
    private const string LegacyFile = "/0/Legacy/Old.cs";
    private const string CurrentFile = "/0/Current/New.cs";

    private static readonly (string Path, string Source)[] Files =
    {
        ("/0/Shop/Types.cs", """
            namespace App
            {
                public sealed class Store { public void Add(string key, int value) { } }
                public sealed class Ledger { public void Add(string key, int value) { } }
            }
            """),
        (LegacyFile, """
            public class Old
            {
                public static readonly App.Store s_store = new();
                public static readonly App.Ledger s_ledger = new();
                void UseOld(string key) { s_store.Add(key, 1); s_ledger.Add(key, 2); }
            }
            """),
        (CurrentFile, """
            class New
            {
                static readonly App.Store s_store = new();
                static readonly App.Ledger s_ledger = new();
                void UseNew(string key) { s_store.Add(key, 1); s_ledger.Add(key, 2); Old.s_ledger.Add(key, 3); }
            }
            """),
    };

    private static string[] Caches(ModelHarness harness, string member)
        => harness.AccessesIn(member).Select(a => a.Cache.Symbol.ContainingType.Name + "." + a.Cache.Name).ToArray();

    private static string[] Names(ImmutableArray<INamedTypeSymbol> types) => types.Select(t => t.ToDisplayString()).ToArray();

    [Fact]
    public void Global_cache_types_apply_to_every_file()
    {
        var harness = ModelHarness.Create(Files, new PerFileOptionsProvider((Additional, "App.Store, App.Ledger")));

        Assert.Equal(new[] { "Old.s_store", "Old.s_ledger" }, Caches(harness, "UseOld"));
        Assert.Equal(new[] { "New.s_store", "New.s_ledger", "Old.s_ledger" }, Caches(harness, "UseNew"));
    }

    [Fact]
    public void A_section_type_is_a_cache_where_its_holder_is_declared_and_nowhere_else()
    {
        var harness = ModelHarness.Create(Files, new PerFileOptionsProvider().Section(LegacyFolder, (Additional, "App.Ledger")));

        // Old.s_ledger is declared in the section: a cache, also where New uses it. New.s_ledger is not.
        Assert.Equal(new[] { "Old.s_ledger" }, Caches(harness, "UseOld"));
        Assert.Equal(new[] { "Old.s_ledger" }, Caches(harness, "UseNew"));
        Assert.Null(harness.Model.GetCacheSymbol(harness.Member("s_store")));
        Assert.Empty(harness.Model.Options.Global.AdditionalCacheTypes);
    }

    [Fact]
    public void Global_and_section_lists_merge()
    {
        var harness = ModelHarness.Create(
            Files,
            new PerFileOptionsProvider((Additional, "App.Store")).Section(LegacyFolder, (Additional, "App.Ledger")));

        Assert.Equal(new[] { "App.Store", "App.Ledger" }, Names(harness.Model.Options.For(harness.Tree(LegacyFile)).AdditionalCacheTypes));
        Assert.Equal(new[] { "App.Store" }, Names(harness.Model.Options.For(harness.Tree(CurrentFile)).AdditionalCacheTypes));
        Assert.Equal(new[] { "Old.s_store", "Old.s_ledger" }, Caches(harness, "UseOld"));
        Assert.Equal(new[] { "New.s_store", "Old.s_ledger" }, Caches(harness, "UseNew"));
    }

    [Fact]
    public void Invalid_names_in_a_section_are_ignored_and_the_valid_one_applies()
    {
        var harness = ModelHarness.Create(
            Files,
            new PerFileOptionsProvider().Section(LegacyFolder, (Additional, ",Unknown.Type, List<int>, App.Ledger ,Foo`abc, global::")));

        Assert.Equal(new[] { "App.Ledger" }, Names(harness.Model.Options.For(harness.Tree(LegacyFile)).AdditionalCacheTypes));
        Assert.Equal(new[] { "Old.s_ledger" }, Caches(harness, "UseOld"));
    }

    [Theory]
    [MemberData(nameof(CacheModelOptionsTests.EveryGarbageValue), MemberType = typeof(CacheModelOptionsTests))]
    public void Garbage_in_a_section_leaves_the_global_settings(string value)
    {
        var section = CacheModelOptionsTests.Keys.Select(key => (key, value)).Append((CacheModelOptions.ReportConfigurationBoundedKeysKey, value)).ToArray();
        var harness = ModelHarness.Create(
            Files,
            new PerFileOptionsProvider((Additional, "App.Store"), (CacheModelOptions.ReportConfigurationBoundedKeysKey, "true")).Section(LegacyFolder, section));

        var legacy = harness.Model.Options.For(harness.Tree(LegacyFile));
        Assert.Equal(new[] { "App.Store" }, Names(legacy.AdditionalCacheTypes));
        Assert.Empty(legacy.BoundedKeyTypes);
        Assert.True(legacy.ReportConfigurationBoundedKeys); // only 'false' turns it off, and garbage is not 'false'
        Assert.Equal(new[] { "Old.s_store" }, Caches(harness, "UseOld"));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("true", null, true)]
    [InlineData(null, "true", true)]
    [InlineData("true", "false", false)] // the file's own value wins, as in .editorconfig
    [InlineData("false", "TRUE", true)]
    public void Report_configuration_bounded_keys_a_files_value_wins_over_the_global_one(string? global, string? section, bool expected)
    {
        const string Key = CacheModelOptions.ReportConfigurationBoundedKeysKey;
        var provider = new PerFileOptionsProvider(global is null ? new (string, string)[0] : new[] { (Key, global) });
        if (section is not null)
        {
            provider.Section(LegacyFolder, (Key, section));
        }

        var harness = ModelHarness.Create(Files, provider);

        Assert.Equal(expected, harness.Model.Options.For(harness.Tree(LegacyFile)).ReportConfigurationBoundedKeys);
        Assert.Equal(global == "true", harness.Model.Options.For(harness.Tree(CurrentFile)).ReportConfigurationBoundedKeys);
    }

    [Fact]
    public void Files_with_the_same_value_share_one_resolution_and_one_catalog()
    {
        var files = Files.Append(("/0/Legacy/Older.cs", "class Older { }")).ToArray();
        var harness = ModelHarness.Create(files, new PerFileOptionsProvider().Section(LegacyFolder, (Additional, "App.Ledger")));

        var one = harness.Tree(LegacyFile);
        var two = harness.Tree("/0/Legacy/Older.cs");
        Assert.True(harness.Model.Options.For(one).AdditionalCacheTypes == harness.Model.Options.For(two).AdditionalCacheTypes); // same array
        Assert.Same(harness.Model.TypesFor(one), harness.Model.TypesFor(two));
        Assert.Same(harness.Model.Types, harness.Model.TypesFor(harness.Tree(CurrentFile)));
    }

    // ---- Lookups on demand ----

    [Fact]
    public void Creating_the_model_reads_no_files_options()
    {
        var provider = new PerFileOptionsProvider((Additional, "App.Store"));
        var harness = ModelHarness.Create(Files, provider);

        Assert.NotNull(harness.Model.Types);
        Assert.Empty(provider.Lookups);
    }

    [Fact]
    public void Asking_about_one_member_reads_only_the_options_of_the_file_that_declares_its_caches()
    {
        var provider = new PerFileOptionsProvider().Section(LegacyFolder, (Additional, "App.Ledger"));
        var harness = ModelHarness.Create(Files, provider);

        Assert.Equal(new[] { "Old.s_ledger" }, Caches(harness, "UseOld"));
        Assert.Equal(new[] { LegacyFile }, provider.Lookups.Keys);
        Assert.Equal(1, provider.Lookups[LegacyFile]); // memoised: asked once however many questions
        Assert.Equal(new[] { LegacyFile }, provider.SafeCacheReads.Keys);
    }

    [Fact]
    public async Task The_analyzers_read_the_options_of_files_with_cache_code_only()
    {
        var sources = new[]
        {
            ("/0/Caching/Prices.cs", """
                using System.Collections.Concurrent;
                public static class Prices
                {
                    private static readonly ConcurrentDictionary<string, decimal> s_results = new();
                    public static decimal Lookup(string sku) => s_results.GetOrAdd(sku, s => s.Length * 1.5m);
                }
                """),
            ("/0/Plain/Calc.cs", """
                public static class Calc
                {
                    private static readonly string s_prefix = "n";
                    private static int s_count;
                    public static int Twice(int x) => x * 2;
                    public static string Label(int y)
                    {
                        s_count++;
                        return s_prefix + Twice(y).ToString() + Prices.Lookup(System.Console.ReadLine() ?? "").ToString();
                    }
                }
                """),
            ("/0/Plain/Text.cs", """
                public static class Text
                {
                    public static string Shout(string value) => value.ToUpperInvariant() + "!";
                    public static int Length(string value, bool trim) => trim ? value.Trim().Length : Calc.Twice(value.Length);
                }
                """),
        };
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Item2, TestOptions.ParseOptions, path: s.Item1));
        var compilation = CSharpCompilation.Create("TestAssembly", trees, TestReferences.All, TestOptions.CompilationOptions);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var provider = new PerFileOptionsProvider((CacheModelOptions.BoundedKeyTypesKey, "System.Guid"));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new SharedCacheCapturesInstanceAnalyzer(),
            new CachedMutableValueEscapesAnalyzer(),
            new UnboundedSharedCacheAnalyzer(),
            new MutableOrIdentityCacheKeyAnalyzer(),
            new SharedCacheIgnoresInstanceStateAnalyzer());

        var diagnostics = await compilation
            .WithAnalyzers(analyzers, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider))
            .GetAnalyzerDiagnosticsAsync();

        // The analysis ran (SC0003 on the price cache) and read SafeCache's settings only for the file with cache code.
        // (The analyzer driver looks up every file's options itself, to find generated code: Lookups has them all.)
        Assert.Equal("SC0003", Assert.Single(diagnostics).Id);
        Assert.Equal(new[] { "/0/Caching/Prices.cs" }, provider.SafeCacheReads.Keys);
    }
}
