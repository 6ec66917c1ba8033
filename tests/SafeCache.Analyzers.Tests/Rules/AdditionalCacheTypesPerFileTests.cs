using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>
/// <c>safecache.additional_cache_types</c> through real <c>.editorconfig</c>/<c>.globalconfig</c> files: a type listed in
/// a section is a cache for what that section's files declare; a global value applies everywhere; the lists merge.
/// </summary>
public class AdditionalCacheTypesPerFileTests
{
    private const string Store = """
        namespace App
        {
            public sealed class Store<TKey, TValue> { public bool TryAdd(TKey key, TValue value) => true; }
            public sealed class Shelf<TKey, TValue> { public bool TryAdd(TKey key, TValue value) => true; }
        }
        """;

    /// <summary>A static <paramref name="cacheType"/> whose key holds <c>this</c> (SC0001); markup marks an expected report.</summary>
    private static string Session(string className, string cacheType, bool flagged)
    {
        var write = $"s_ids.TryAdd(this, id)";
        return $$"""
            class {{className}}
            {
                private static readonly App.{{cacheType}}<{{className}}, int> s_ids = new();
                public void Register(int id) => {{(flagged ? "[|" + write + "|]" : write)}};
            }
            """;
    }

    private static AnalyzerTest<SharedCacheCapturesInstanceAnalyzer> Test(string editorConfig, string? globalConfig, params (string Path, string Source)[] files)
    {
        var test = new AnalyzerTest<SharedCacheCapturesInstanceAnalyzer> { EditorConfig = editorConfig, GlobalConfig = globalConfig };
        test.Sources.Add(("/0/App/Store.cs", Store));
        foreach (var file in files)
        {
            test.Sources.Add(file);
        }

        return test;
    }

    [Fact]
    public Task GlobalConfig_TypeIsACacheInEveryFolder()
        => Test(
            "root = true\n",
            "safecache.additional_cache_types = App.Store",
            ("/0/Legacy/Sessions.cs", Session("LegacySession", "Store", flagged: true)),
            ("/0/Current/Sessions.cs", Session("CurrentSession", "Store", flagged: true))).RunAsync();

    [Fact]
    public Task Section_TypeIsACacheOnlyInItsFolder()
        => Test(
            "root = true\n\n[Legacy/*.cs]\nsafecache.additional_cache_types = App.Store\n",
            null,
            ("/0/Legacy/Sessions.cs", Session("LegacySession", "Store", flagged: true)),
            ("/0/Current/Sessions.cs", Session("CurrentSession", "Store", flagged: false))).RunAsync();

    [Fact]
    public Task GlobalAndSectionLists_Merge()
        => Test(
            "root = true\n\n[Legacy/*.cs]\nsafecache.additional_cache_types = App.Shelf\n",
            "safecache.additional_cache_types = App.Store",
            ("/0/Legacy/Sessions.cs", Session("LegacySession", "Store", flagged: true)),
            ("/0/Legacy/Shelves.cs", Session("LegacyShelf", "Shelf", flagged: true)),
            ("/0/Current/Sessions.cs", Session("CurrentSession", "Store", flagged: true)),
            ("/0/Current/Shelves.cs", Session("CurrentShelf", "Shelf", flagged: false))).RunAsync();

    [Fact]
    public Task Section_InvalidNamesAreIgnored()
        => Test(
            "root = true\n\n[Legacy/*.cs]\nsafecache.additional_cache_types = ,, Unknown.Type, Store<int, int>, App..Store, App.Store, Foo`abc\n",
            null,
            ("/0/Legacy/Sessions.cs", Session("LegacySession", "Store", flagged: true)),
            ("/0/Current/Sessions.cs", Session("CurrentSession", "Store", flagged: false))).RunAsync();
}
