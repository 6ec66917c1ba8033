using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Leak = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheCapturesInstanceAnalyzer>;
using Stale = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceStateAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0001 and SC0005 carry the cache's declaration as their additional location, so "go to" lands on it.</summary>
public class SharedCacheAdditionalLocationTests
{
    [Fact]
    public Task SC0001_FieldDeclarationInTheSameFile()
        => Leak.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class ReportBuilder
            {
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> {|#1:s_cache = new()|};
                public string Build(int year) => {|#0:s_cache.GetOrAdd((this, year), y => y.Item2.ToString())|};
            }
            """,
            Leak.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("s_cache", "key", "ReportBuilder", "Build"));

    [Fact]
    public Task SC0001_PropertyDeclarationIsItsName()
        => Leak.VerifyAsync(
            """
            using System;
            using System.Collections.Generic;
            class Handlers
            {
                private static Dictionary<string, Func<string>> {|#1:Registry|} { get; } = new();
                private readonly string _name = "h";
                public void Add(string key) => {|#0:Registry[key] = () => _name|};
            }
            """,
            Leak.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Registry", "value", "Handlers", "Add"));

    [Fact]
    public Task SC0001_DeclarationInAnotherFile()
        => new AnalyzerTest<SharedCacheCapturesInstanceAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                internal static class Shared
                {
                    internal static readonly ConcurrentDictionary<string, object> Owners = new();
                }
                """,
                """
                class Session
                {
                    public void Open(string id) => Shared.Owners.TryAdd(id, this);
                }
                """,
            },
            ExpectedDiagnostics =
            {
                Leak.Diagnostic().WithSpan("/0/Test1.cs", 3, 36, 3, 66).WithSpan("/0/Test0.cs", 4, 67, 4, 81)
                    .WithArguments("Owners", "value", "Session", "Open"),
            },
        }.RunAsync();

    [Fact]
    public Task SC0005_FieldDeclarationInTheSameFile()
        => Stale.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class PriceList
            {
                private static readonly ConcurrentDictionary<string, decimal> {|#1:s_prices = new()|};
                private readonly decimal _rate;
                public PriceList(decimal rate) => _rate = rate;
                public decimal Price(string sku) => {|#0:s_prices.GetOrAdd(sku, s => s.Length * _rate)|};
            }
            """,
            Stale.Diagnostic().WithLocation(0).WithLocation(1));

    [Fact]
    public Task SC0005_DeclarationInAnotherFile()
        => new AnalyzerTest<SharedCacheIgnoresInstanceStateAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                internal static class Shared
                {
                    internal static readonly ConcurrentDictionary<string, string> Names = new();
                }
                """,
                """
                class Greeter
                {
                    private readonly string _prefix;
                    public Greeter(string prefix) => _prefix = prefix;
                    public string Greet(string name) => Shared.Names.GetOrAdd(name, n => _prefix + n);
                }
                """,
            },
            ExpectedDiagnostics =
            {
                Stale.Diagnostic().WithSpan("/0/Test1.cs", 5, 41, 5, 86).WithSpan("/0/Test0.cs", 4, 67, 4, 80),
            },
        }.RunAsync();
}
