using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0003's additional location (the write that makes the cache grow) and its options from config files.</summary>
public class UnboundedSharedCacheLocationsAndConfigTests
{
    private const string Prices = """
        using System.Collections.Concurrent;
        static class Prices
        {
            private static readonly ConcurrentDictionary<string, decimal> {|#0:s_results = new()|};
            public static decimal Lookup(string sku) => {|#1:s_results.GetOrAdd(sku, s => s.Length * 1.5m)|};
            public static decimal Again(string sku) => s_results.GetOrAdd(sku, 2m);
        }
        """;

    [Fact]
    public Task TheFirstGrowingWriteIsTheAdditionalLocation()
        => Verify.VerifyAsync(Prices, Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("s_results", "string", "Lookup(string)"));

    [Fact]
    public Task AdditionalLocationInAnotherFile()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                public static class Users
                {
                    public static readonly ConcurrentDictionary<string, string> Names = new();
                }
                """,
                """
                public class Profile
                {
                    public string Name(string id) => Users.Names.GetOrAdd(id, i => i.ToUpperInvariant());
                }
                """,
            },
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithSpan("/0/Test0.cs", 4, 65, 4, 78).WithSpan("/0/Test1.cs", 3, 38, 3, 89),
            },
        }.RunAsync();

    [Fact]
    public Task BoundedKeyTypeFromAGlobalConfig()
    {
        var test = new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                namespace Shop { public sealed record TenantId(string Value); }
                static class Tenants
                {
                    private static readonly ConcurrentDictionary<Shop.TenantId, string> s_names = new();
                    public static string Name(Shop.TenantId id) => s_names.GetOrAdd(id, i => i.Value);
                }
                """,
            },
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nsafecache.bounded_key_types = Shop.TenantId\n"));
        return test.RunAsync();
    }
}
