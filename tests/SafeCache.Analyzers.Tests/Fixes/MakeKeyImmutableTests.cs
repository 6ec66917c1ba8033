using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Fixes;

public class MakeKeyImmutableTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0004");

    [Fact]
    public Task SettersBecomeInit_FieldsBecomeReadonly_WritesInConstructorsAndInitializersStay()
        => CodeFixVerifier<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>.VerifyFixAsync(
            """
            using System;
            using System.Collections.Concurrent;

            sealed class ContractOptions
            {
                int _depth; // how deep: assigned only by the constructor, so not reported nor changed
                public ContractOptions(int depth) { _depth = depth; }
                public bool IgnoreCase { get; set; }
                public string Prefix { get; internal set; } = ""; // internal, set only in initializers: not reported nor changed
                public override bool Equals(object? obj) => obj is ContractOptions o && o.IgnoreCase == IgnoreCase && o.Prefix == Prefix && o._depth == _depth;
                public override int GetHashCode() => HashCode.Combine(IgnoreCase, Prefix, _depth);
            }

            static class Contracts
            {
                private static readonly ConcurrentDictionary<{|SC0004:ContractOptions|}, string> s_contracts = new();
                public static string For(bool ignoreCase) => s_contracts.GetOrAdd(new ContractOptions(1) { IgnoreCase = ignoreCase, Prefix = "p" }, o => o.Prefix);
            }
            """,
            """
            using System;
            using System.Collections.Concurrent;

            sealed class ContractOptions
            {
                int _depth; // how deep: assigned only by the constructor, so not reported nor changed
                public ContractOptions(int depth) { _depth = depth; }
                public bool IgnoreCase { get; init; }
                public string Prefix { get; internal set; } = ""; // internal, set only in initializers: not reported nor changed
                public override bool Equals(object? obj) => obj is ContractOptions o && o.IgnoreCase == IgnoreCase && o.Prefix == Prefix && o._depth == _depth;
                public override int GetHashCode() => HashCode.Combine(IgnoreCase, Prefix, _depth);
            }

            static class Contracts
            {
                private static readonly ConcurrentDictionary<ContractOptions, string> s_contracts = new();
                public static string For(bool ignoreCase) => s_contracts.GetOrAdd(new ContractOptions(1) { IgnoreCase = ignoreCase, Prefix = "p" }, o => o.Prefix);
            }
            """,
            Key);

    [Fact]
    public Task FixAll_InSolution_RecordKeysInAnotherDocument_WithExpressionsStillCompile()
        => new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Generic;

                class Search
                {
                    private readonly Dictionary<{|SC0004:Query|}, string[]> _results = new();
                    private static readonly Dictionary<{|SC0004:Filter|}, int> s_counts = new();

                    public string[] Next(Query q) => _results.TryGetValue(q with { Page = q.Page + 1 }, out var r) ? r : new string[0];
                    public int Count(Filter f) => s_counts.TryGetValue(f, out var n) ? n : 0;
                }
                """,
                """
                record Query(string Text)
                {
                    public int Page { get; set; }
                }

                record Filter
                {
                    public string Name { get; private set; } = "";
                    public Filter(string name) => Name = name;
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Generic;

                class Search
                {
                    private readonly Dictionary<Query, string[]> _results = new();
                    private static readonly Dictionary<Filter, int> s_counts = new();

                    public string[] Next(Query q) => _results.TryGetValue(q with { Page = q.Page + 1 }, out var r) ? r : new string[0];
                    public int Count(Filter f) => s_counts.TryGetValue(f, out var n) ? n : 0;
                }
                """,
                """
                record Query(string Text)
                {
                    public int Page { get; init; }
                }

                record Filter
                {
                    public string Name { get; private init; } = "";
                    public Filter(string name) => Name = name;
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Solution,
        }.RunAsync();

    [Fact]
    public Task NotOffered_WhenAHashedMemberIsWrittenAfterConstruction()
    {
        const string Source = """
            using System;
            using System.Collections.Generic;

            sealed class NamingStrategy
            {
                private bool _processDictionaryKeys;
                public bool OverrideSpecifiedNames { get; set; }
                public void Enable() => _processDictionaryKeys = true;
                public override bool Equals(object? obj) => obj is NamingStrategy s && s._processDictionaryKeys == _processDictionaryKeys;
                public override int GetHashCode() => HashCode.Combine(_processDictionaryKeys, OverrideSpecifiedNames);
            }

            static class EnumNames
            {
                private static readonly Dictionary<{|SC0004:NamingStrategy|}, string[]> s_names = new();
                public static string[] Names(NamingStrategy s)
                {
                    s.OverrideSpecifiedNames = true;
                    return s_names.TryGetValue(s, out var n) ? n : new string[0];
                }
            }
            """;
        return new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources = { Source },
            FixedSources = { Source },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();
    }

    [Fact]
    public Task NotOffered_WhenAPrivateFieldIsWrittenInAnotherPartOfThePartialKeyType()
    {
        // A private member is searched for in its type's documents only: every part of a partial type is one of them.
        const string Cache = """
            using System;
            using System.Collections.Generic;

            sealed partial class Route
            {
                private string _path;
                public Route(string path) { _path = path; }
                public override bool Equals(object? obj) => obj is Route r && r._path == _path;
                public override int GetHashCode() => HashCode.Combine(_path);
            }

            static class Routes
            {
                private static readonly Dictionary<{|SC0004:Route|}, int> s_hits = new();
                public static int Hits(Route r) => s_hits.TryGetValue(r, out var n) ? n : 0;
            }
            """;
        const string OtherPart = """
            sealed partial class Route
            {
                public void Normalize() => _path = _path.ToLowerInvariant();
            }
            """;
        return new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources = { Cache, OtherPart },
            FixedSources = { Cache, OtherPart },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();
    }
}
