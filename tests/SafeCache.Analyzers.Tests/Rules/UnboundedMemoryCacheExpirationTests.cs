using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>
/// SC0003's <c>MemoryCache</c> without <c>SizeLimit</c>: a warning, unless every write in the compilation gives its entry
/// an expiration (the cache is then bounded by time): a suggestion. Severities are asserted explicitly.
/// </summary>
public class UnboundedMemoryCacheExpirationTests
{
    private static DiagnosticResult Warning() => Verify.Diagnostic(DiagnosticDescriptors.UnboundedMemoryCache).WithSeverity(DiagnosticSeverity.Warning).WithLocation(0);

    private static DiagnosticResult Suggestion() => Verify.Diagnostic(DiagnosticDescriptors.UnboundedExpiringMemoryCache).WithSeverity(DiagnosticSeverity.Info).WithLocation(0);

    private static string StaticCache(string writes) => $$"""
        using System;
        using Microsoft.Extensions.Caching.Memory;
        using Microsoft.Extensions.Primitives;
        public static class Lookups
        {
            private static readonly MemoryCache {|#0:s_cache = new(new MemoryCacheOptions())|};
            private static readonly MemoryCacheEntryOptions s_options = new();
            private static int Compute(string key) => key.Length;
        {{writes}}
        }
        """;

    [Theory]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), TimeSpan.FromMinutes(5));")]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), DateTimeOffset.UtcNow.AddHours(1));")]
    [InlineData("public static void Put(string key, IChangeToken token) => s_cache.Set(key, Compute(key), token);")]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1), Size = 1 });")]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), new MemoryCacheEntryOptions().SetAbsoluteExpiration(TimeSpan.FromMinutes(1)));")]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), s_options);")]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, entry => { entry.SlidingExpiration = TimeSpan.FromHours(1); return Compute(key); });")]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, entry => { entry.SetAbsoluteExpiration(TimeSpan.FromHours(1)).SetSize(1); return Compute(key); });")]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, entry => { entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1); return Compute(key); });")]
    [InlineData("public static System.Threading.Tasks.Task<int> Get(string key) => s_cache.GetOrCreateAsync(key, entry => { entry.AddExpirationToken(new CancellationChangeToken(default)); return System.Threading.Tasks.Task.FromResult(Compute(key)); });")]
    [InlineData("""
        public static void Put(string key)
        {
            var options = new MemoryCacheEntryOptions();
            options.SlidingExpiration = TimeSpan.FromMinutes(2);
            s_cache.Set(key, Compute(key), options);
        }
        """)]
    [InlineData("""
        public static void Put(string key)
        {
            using var entry = s_cache.CreateEntry(key);
            entry.Value = Compute(key);
            entry.SlidingExpiration = TimeSpan.FromMinutes(2);
        }
        """)]
    [InlineData("""
        public static int Get(string key)
        {
            var options = new MemoryCacheEntryOptions().SetAbsoluteExpiration(TimeSpan.FromSeconds(30));
            return s_cache.GetOrCreate(key, entry => { entry.SetOptions(options); return Compute(key); });
        }
        """)]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, entry => entry.SetOptions(s_options).SetSize(1) is null ? 0 : Compute(key));")]
    public Task EveryEntryExpires_IsASuggestion(string writes)
        => Verify.VerifyAsync(StaticCache(writes), Suggestion());

    [Theory]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key));")]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), new MemoryCacheEntryOptions { Size = 1 });")]
    [InlineData("public static void Put(string key) => s_cache.Set(key, Compute(key), new MemoryCacheEntryOptions().SetPriority(CacheItemPriority.High));")]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, entry => { entry.Size = 1; return Compute(key); });")]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, _ => Compute(key));")]
    [InlineData("public static int Get(string key) => s_cache.GetOrCreate(key, entry => { entry.SetOptions(new MemoryCacheEntryOptions { Size = 1 }); return Compute(key); });")]
    [InlineData("""
        public static void Put(string key)
        {
            using var entry = s_cache.CreateEntry(key);
            entry.Value = Compute(key);
        }
        """)]
    [InlineData("""
        public static void Put(string key)
        {
            s_cache.Set(key, Compute(key), TimeSpan.FromMinutes(5));
        }

        public static void Pin(string key)
        {
            s_cache.Set(key, Compute(key));
        }
        """)]
    public Task AWriteWithoutExpiration_IsAWarning(string writes)
        => Verify.VerifyAsync(StaticCache(writes), Warning());

    [Fact]
    public Task NoWriteInSight_IsAWarning()
        => Verify.VerifyAsync(StaticCache("public static MemoryCache Shared => s_cache;"), Warning());

    [Fact]
    public Task AnotherCachesExpirations_DoNotCount()
        => Verify.VerifyAsync(
            """
            using System;
            using Microsoft.Extensions.Caching.Memory;
            public static class Lookups
            {
                private static readonly MemoryCache {|#0:s_pinned = new(new MemoryCacheOptions())|};
                private static readonly MemoryCache {|#1:s_expiring = new(new MemoryCacheOptions())|};
                public static void Put(string key)
                {
                    s_expiring.Set(key, key.Length, TimeSpan.FromMinutes(5));
                    s_pinned.Set(key, key.Length);
                }
            }
            """,
            Warning(),
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedExpiringMemoryCache).WithSeverity(DiagnosticSeverity.Info).WithLocation(1)
                .WithMessage("Static field 's_expiring' creates a long-lived MemoryCache without SizeLimit: its entries expire, but nothing limits how many it holds until they do"));

    [Theory]
    [InlineData("_cache.Set(id, id.Length, TimeSpan.FromMinutes(10))", DiagnosticSeverity.Info)]
    [InlineData("_cache.GetOrCreate(id, e => { e.SlidingExpiration = TimeSpan.FromMinutes(1); return id.Length; })", DiagnosticSeverity.Info)]
    [InlineData("_cache.Set(id, id.Length)", DiagnosticSeverity.Warning)]
    public Task AddMemoryCache_JudgedByTheWritesThroughInjectedCaches(string write, DiagnosticSeverity severity)
        => Verify.VerifyAsync(
            $$"""
            using System;
            using Microsoft.Extensions.Caching.Memory;
            using Microsoft.Extensions.DependencyInjection;
            public static class Startup
            {
                public static void Configure(IServiceCollection services) => {|#0:services.AddMemoryCache()|};
            }

            public sealed class Orders
            {
                private readonly IMemoryCache _cache;
                public Orders(IMemoryCache cache) => _cache = cache;
                public void Remember(string id) => {{write}};
            }
            """,
            Verify.Diagnostic(severity == DiagnosticSeverity.Info ? DiagnosticDescriptors.UnboundedExpiringMemoryCache : DiagnosticDescriptors.UnboundedMemoryCache)
                .WithSeverity(severity).WithLocation(0));

    [Fact]
    public Task ExplicitSeverity_AppliesToTheSuggestionToo()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources = { StaticCache("public static void Put(string key) => s_cache.Set(key, Compute(key), TimeSpan.FromMinutes(5));") },
            EditorConfig = "dotnet_diagnostic.SC0003.severity = warning",
            ExpectedDiagnostics = { Verify.Diagnostic(DiagnosticDescriptors.UnboundedExpiringMemoryCache).WithSeverity(DiagnosticSeverity.Warning).WithLocation(0) },
        }.RunAsync();
}
