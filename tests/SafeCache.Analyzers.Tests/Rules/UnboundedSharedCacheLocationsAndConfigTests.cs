using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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
        => Verify.VerifyAsync(Prices, Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithLocation(1).WithArguments("s_results", "string", "Lookup(string)"));

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
                Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(DiagnosticSeverity.Info).WithSpan("/0/Test0.cs", 4, 65, 4, 78).WithSpan("/0/Test1.cs", 3, 38, 3, 89),
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
        test.GlobalConfig = "safecache.bounded_key_types = Shop.TenantId";
        return test.RunAsync();
    }

    // ---- Options per file: a .globalconfig applies everywhere, an .editorconfig section to its own files ----

    private const string Ids = "namespace Shop { public sealed record TenantId(string Value); public sealed record RegionId(string Value); }";

    /// <summary>A static memo cache keyed by <paramref name="keyType"/>; <paramref name="field"/> may carry markup.</summary>
    private static string KeyedCache(string className, string keyType, string field = "s_names = new()") => $$"""
        using System.Collections.Concurrent;
        static class {{className}}
        {
            private static readonly ConcurrentDictionary<{{keyType}}, string> {{field}};
            public static string Name({{keyType}} id) => s_names.GetOrAdd(id, i => i.Value);
        }
        """;

    private static AnalyzerTest<UnboundedSharedCacheAnalyzer> FolderTest(string editorConfig, string? globalConfig, params (string Path, string Source)[] files)
    {
        var test = new AnalyzerTest<UnboundedSharedCacheAnalyzer> { EditorConfig = editorConfig, GlobalConfig = globalConfig };
        test.Sources.Add(("/0/Shop/Ids.cs", Ids));
        foreach (var file in files)
        {
            test.Sources.Add(file);
        }

        return test;
    }

    [Fact]
    public Task BoundedKeyType_GlobalConfig_AppliesInEveryFolder()
        => FolderTest(
            editorConfig: "root = true\n",
            globalConfig: "safecache.bounded_key_types = Shop.TenantId",
            ("/0/Tenants/Names.cs", KeyedCache("TenantNames", "Shop.TenantId")),
            ("/0/Billing/Names.cs", KeyedCache("BillingNames", "Shop.TenantId"))).RunAsync();

    [Fact]
    public Task BoundedKeyType_InASection_AppliesToItsFilesOnly()
        => FolderTest(
            editorConfig: "root = true\n\n[Tenants/*.cs]\nsafecache.bounded_key_types = Shop.TenantId\n",
            globalConfig: null,
            ("/0/Tenants/Names.cs", KeyedCache("TenantNames", "Shop.TenantId")),
            ("/0/Billing/Names.cs", KeyedCache("BillingNames", "Shop.TenantId", "[|s_names = new()|]"))).RunAsync();

    [Fact]
    public Task BoundedKeyType_GlobalAndSectionListsMerge()
        => FolderTest(
            editorConfig: "root = true\n\n[Tenants/*.cs]\nsafecache.bounded_key_types = Shop.TenantId\n",
            globalConfig: "safecache.bounded_key_types = Shop.RegionId",
            ("/0/Tenants/Names.cs", KeyedCache("TenantNames", "Shop.TenantId")),
            ("/0/Tenants/Regions.cs", KeyedCache("TenantRegions", "Shop.RegionId")),
            ("/0/Billing/Names.cs", KeyedCache("BillingNames", "Shop.TenantId", "[|s_names = new()|]")),
            ("/0/Billing/Regions.cs", KeyedCache("BillingRegions", "Shop.RegionId"))).RunAsync();

    [Fact]
    public Task BoundedKeyType_InvalidNamesInASectionAreIgnored()
        => FolderTest(
            editorConfig: "root = true\n\n[Tenants/*.cs]\nsafecache.bounded_key_types = , Nope.Type, Shop..TenantId, List<int>, Shop.TenantId, Foo`abc\n",
            globalConfig: "safecache.bounded_key_types = ;;",
            ("/0/Tenants/Names.cs", KeyedCache("TenantNames", "Shop.TenantId")),
            ("/0/Billing/Names.cs", KeyedCache("BillingNames", "Shop.TenantId", "[|s_names = new()|]"))).RunAsync();

    private const string NamesByObject = """
        using System.Collections.Concurrent;
        static class Names
        {
            private static readonly ConcurrentDictionary<object, string> {|#0:s_names = new()|};
            internal static string Of(object id) => s_names.GetOrAdd(id, i => i.ToString()!);
        }
        """;

    private const string Caller = """
        public static class Use
        {
            public static string Run(Shop.TenantId id) => Names.Of(id);
        }
        """;

    [Fact]
    public Task BoundedKeyType_ACallersArgumentIsJudgedWithTheOptionsOfTheWritesFile()
        => FolderTest(
            editorConfig: "root = true\n\n[Tenants/*.cs]\nsafecache.bounded_key_types = Shop.TenantId\n",
            globalConfig: null,
            ("/0/Tenants/Names.cs", NamesByObject.Replace("{|#0:", string.Empty).Replace("()|}", "()")),
            ("/0/Billing/Use.cs", Caller)).RunAsync();

    [Fact]
    public Task BoundedKeyType_ListedOnlyInTheCallersFile_DoesNotBoundTheKey()
    {
        var test = FolderTest(
            editorConfig: "root = true\n\n[Billing/*.cs]\nsafecache.bounded_key_types = Shop.TenantId\n",
            globalConfig: null,
            ("/0/Tenants/Names.cs", NamesByObject),
            ("/0/Billing/Use.cs", Caller));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(DiagnosticSeverity.Info).WithLocation(0));
        return test.RunAsync();
    }

    private static string Queues(string className, string field) => $$"""
        using System.Collections.Concurrent;
        using Microsoft.Extensions.Options;
        sealed class {{className}}
        {
            private static readonly ConcurrentDictionary<string, string> {{field}};
            private readonly IOptions<QueueSettings> _options;
            public {{className}}(IOptions<QueueSettings> options) => _options = options;
            public string Address() => s_addresses.GetOrAdd(_options.Value.QueueName, n => "amqp://" + n);
        }
        """;

    [Fact]
    public Task ReportConfigurationBoundedKeys_AppliesWhereTheCacheIsDeclared()
        => FolderTest(
            editorConfig: "root = true\n\n[Messaging/*.cs]\nsafecache.report_configuration_bounded_keys = true\n",
            globalConfig: null,
            ("/0/Settings.cs", "sealed class QueueSettings { public string QueueName { get; set; } = \"q\"; }"),
            ("/0/Messaging/Queues.cs", Queues("Queues", "[|s_addresses = new()|]")),
            ("/0/Reporting/Queues.cs", Queues("ReportQueues", "s_addresses = new()"))).RunAsync();

    [Fact]
    public Task ReportConfigurationBoundedKeys_ASectionsFalseWinsOverAGlobalTrue()
        => FolderTest(
            editorConfig: "root = true\n\n[Reporting/*.cs]\nsafecache.report_configuration_bounded_keys = false\n",
            globalConfig: "safecache.report_configuration_bounded_keys = true",
            ("/0/Settings.cs", "sealed class QueueSettings { public string QueueName { get; set; } = \"q\"; }"),
            ("/0/Messaging/Queues.cs", Queues("Queues", "[|s_addresses = new()|]")),
            ("/0/Reporting/Queues.cs", Queues("ReportQueues", "s_addresses = new()"))).RunAsync();
}
