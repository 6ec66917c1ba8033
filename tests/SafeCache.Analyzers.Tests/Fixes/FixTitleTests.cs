using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.CodeFixes;

namespace SafeCache.Analyzers.Tests.Fixes;

/// <summary>Every fix's light-bulb title reads as an action and names what it changes (the cache, or the key type).</summary>
public class FixTitleTests
{
    [Fact]
    public Task SC0001_EveryFixNamesTheCache()
        => OfferedFixes.VerifyTitlesAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(
            """
            using System.Collections.Concurrent;
            class ReportBuilder
            {
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_reports = new();
                public string Build(int year) => s_reports.GetOrAdd((this, year), k => "Report " + k.Item2);
            }
            """,
            "Make 's_reports' per-instance",
            "Make the method static (drop 'this' from the keys of 's_reports')",
            "Hold instances weakly in 's_reports' (WeakLruCache)");

    [Fact]
    public Task SC0002_EveryFixNamesTheCache()
        => OfferedFixes.VerifyTitlesAsync<CachedMutableValueEscapesAnalyzer, CachedMutableValueEscapesCodeFixProvider>(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Tags
            {
                private static readonly ConcurrentDictionary<string, List<string>> s_tags = new();
                internal static List<string> GetTags(string post) => s_tags.GetOrAdd(post, p => new List<string>(p.Split(',')));
            }
            """,
            "Return a copy of the value cached in 's_tags'",
            "Store read-only values in 's_tags'");

    [Fact]
    public Task SC0003_TitleNamesTheCacheAndTheConfiguredCapacity()
        => OfferedFixes.VerifyTitlesAsync<UnboundedSharedCacheAnalyzer, UnboundedSharedCacheCodeFixProvider>(
            """
            using System.Collections.Concurrent;
            static class Parser
            {
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                public static int Length(string text) => s_lengths.GetOrAdd(text, t => t.Length);
            }
            """,
            "Bound 's_lengths' with LruCache(128)");

    [Fact]
    public Task SC0004_EachFixNamesTheCacheOrTheKeyType()
        => OfferedFixes.VerifyTitlesAsync<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;

            sealed class ContractOptions
            {
                public bool IgnoreCase { get; set; }
                public override bool Equals(object? obj) => obj is ContractOptions o && o.IgnoreCase == IgnoreCase;
                public override int GetHashCode() => IgnoreCase.GetHashCode();
            }

            public class PlanKey
            {
                public PlanKey(int from, int to) { From = from; To = to; }
                public int From { get; }
                public int To { get; }
            }

            static class Planner
            {
                private static readonly Dictionary<int[], string> s_routes = new();
                private static readonly ConcurrentDictionary<ContractOptions, string> s_contracts = new();
                private static readonly ConcurrentDictionary<PlanKey, string> s_plans = new();

                public static string Route(int[] ids) => s_routes.TryGetValue(ids, out var route) ? route : "";
                public static string Contract(bool ignoreCase) => s_contracts.GetOrAdd(new ContractOptions { IgnoreCase = ignoreCase }, o => "c");
                public static string Plan(int from, int to) => s_plans.GetOrAdd(new PlanKey(from, to), k => k.From + "-" + k.To);
            }
            """,
            "Compare the keys of 's_routes' by content",
            "Make the key type 'ContractOptions' immutable",
            "Make the key type 'PlanKey' a record");

    [Fact]
    public Task SC0005_TitleNamesTheCache()
        => OfferedFixes.VerifyTitlesAsync<SharedCacheIgnoresInstanceStateAnalyzer, SharedCacheIgnoresInstanceStateCodeFixProvider>(
            """
            using System.Collections.Generic;
            class Formatter
            {
                private static readonly Dictionary<int, string> s_formatted = new();
                private readonly string _prefix;
                public Formatter(string prefix) => _prefix = prefix;
                public string Format(int value)
                {
                    if (!s_formatted.TryGetValue(value, out var text))
                    {
                        text = _prefix + value;
                        s_formatted[value] = text;
                    }

                    return text;
                }
            }
            """,
            "Make 's_formatted' per-instance");
}
