using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;
using Verify = SafeCache.Analyzers.Tests.Verification.CodeFixVerifier<SafeCache.Analyzers.Rules.SharedCacheCapturesInstanceAnalyzer, SafeCache.CodeFixes.SharedCacheCapturesInstanceCodeFixProvider>;

namespace SafeCache.Analyzers.Tests.Fixes;

public class MakeMethodStaticTests
{
    private const string Key = "SC0001.MakeMethodStatic";

    [Fact]
    public Task ThisLeavesTheKeyAndTheMethodBecomesStatic()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Concurrent;
            class ReportBuilder
            {
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_cache = new();

                /// <summary>Builds the yearly report.</summary>
                public string Build(int year) => [|s_cache.GetOrAdd((this, year), k => Render(k.Item2))|];

                private static string Render(int year) => "Report " + year;
            }
            class Caller
            {
                private readonly ReportBuilder _builder = new();
                public string Run(ReportBuilder other)
                {
                    var local = new ReportBuilder();
                    System.Func<int, string> build = other.Build;
                    return _builder.Build(2024) + local.Build(2025) + build(2026);
                }
            }
            """,
            """
            using System.Collections.Concurrent;
            class ReportBuilder
            {
                private static readonly ConcurrentDictionary<int, string> s_cache = new();

                /// <summary>Builds the yearly report.</summary>
                public static string Build(int year) => s_cache.GetOrAdd(year, k => Render(k));

                private static string Render(int year) => "Report " + year;
            }
            class Caller
            {
                private readonly ReportBuilder _builder = new();
                public string Run(ReportBuilder other)
                {
                    var local = new ReportBuilder();
                    System.Func<int, string> build = ReportBuilder.Build;
                    return ReportBuilder.Build(2024) + ReportBuilder.Build(2025) + build(2026);
                }
            }
            """,
            Key);

    [Fact]
    public Task MethodWithoutModifiersAndThisCall()
        => Verify.VerifyFixAsync(
            """
            using System.Collections.Generic;
            class Parser
            {
                private static readonly Dictionary<(Parser, string), int> s_lengths = new();
                int Length(string s)
                {
                    if (!s_lengths.TryGetValue((this, s), out var n))
                    {
                        n = s.Length;
                        [|s_lengths[(this, s)] = n|];
                    }

                    return n;
                }

                public int Twice(string s) => this.Length(s) * 2;
            }
            """,
            """
            using System.Collections.Generic;
            class Parser
            {
                private static readonly Dictionary<string, int> s_lengths = new();
                static int Length(string s)
                {
                    if (!s_lengths.TryGetValue(s, out var n))
                    {
                        n = s.Length;
                        s_lengths[s] = n;
                    }

                    return n;
                }

                public int Twice(string s) => Length(s) * 2;
            }
            """,
            Key);

    [Fact]
    public Task NotOfferedWhenTheMethodReadsInstanceState()
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(ReadsState, MakeMethodStaticFix.Instance);

    [Fact]
    public Task NotOfferedForInterfaceImplementationsOrValueCaptures()
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(CannotBeStatic, MakeMethodStaticFix.Instance);

    [Theory]
    [InlineData(null)]
    [InlineData(FixAllScope.Document)]
    public Task CacheUsedFromTwoMethods(FixAllScope? scope)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Generic;
                class Units
                {
                    private static readonly Dictionary<(Units, string, int), double> s_factors = new();
                    public void Learn(string unit, int scale, double factor) => [|s_factors[(this, unit, scale)] = factor|];
                    public double Factor(string unit, int scale) => [|s_factors.TryAdd((this, unit, scale), 1.0)|] ? 1.0 : s_factors[(this, unit, scale)];
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Generic;
                class Units
                {
                    private static readonly Dictionary<(string, int), double> s_factors = new();
                    public static void Learn(string unit, int scale, double factor) => s_factors[(unit, scale)] = factor;
                    public static double Factor(string unit, int scale) => s_factors.TryAdd((unit, scale), 1.0) ? 1.0 : s_factors[(unit, scale)];
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = scope,
        }.RunAsync();

    [Theory]
    [InlineData(null)]
    [InlineData(FixAllScope.Solution)]
    public Task MultiFilePartialClass(FixAllScope? scope)
        => new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                partial class Geometry
                {
                    private static readonly ConcurrentDictionary<(Geometry, int), double> s_areas = new();
                    private static readonly ConcurrentDictionary<(Geometry, int), double> s_perimeters = new();
                }
                """,
                """
                partial class Geometry
                {
                    public double Area(int side) => [|s_areas.GetOrAdd((this, side), k => k.Item2 * k.Item2)|];
                    public double Perimeter(int side) => [|s_perimeters.GetOrAdd((this, side), k => 4.0 * k.Item2)|];
                    public double Both(int side) => Area(side) + this.Perimeter(side);
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Concurrent;
                partial class Geometry
                {
                    private static readonly ConcurrentDictionary<int, double> s_areas = new();
                    private static readonly ConcurrentDictionary<int, double> s_perimeters = new();
                }
                """,
                """
                partial class Geometry
                {
                    public static double Area(int side) => s_areas.GetOrAdd(side, k => k * k);
                    public static double Perimeter(int side) => s_perimeters.GetOrAdd(side, k => 4.0 * k);
                    public double Both(int side) => Area(side) + Perimeter(side);
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = scope,
        }.RunAsync();

    [Fact]
    public Task NotOfferedWhenACallSiteReceiverHasSideEffects()
        => OfferedFixes.VerifyNotOfferedAsync<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>(SideEffectReceiver, MakeMethodStaticFix.Instance);

    [Fact]
    public Task NotOfferedWhenAnotherPartOfThePartialClassCallsThePrivateMethodThroughACall()
    {
        // A private method's callers are searched for in its type's documents only: every part of a partial class is one.
        const string Cache = """
            using System.Collections.Concurrent;
            partial class Parser
            {
                private static readonly ConcurrentDictionary<(Parser, string), int> s_lengths = new();
                private int Length(string s) => [|s_lengths.GetOrAdd((this, s), k => k.Item2.Length)|];
            }
            """;
        const string Caller = """
            partial class Parser
            {
                public static int Run() => Create().Length("x");
                private static Parser Create() => new();
            }
            """;
        return new CodeFixTest<SharedCacheCapturesInstanceAnalyzer, SharedCacheCapturesInstanceCodeFixProvider>
        {
            Sources = { Cache, Caller },
            FixedSources = { Cache, Caller },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();
    }

    private const string SideEffectReceiver = """
        using System.Collections.Generic;
        class Parser
        {
            private static readonly Dictionary<(Parser, string), int> s_lengths = new();
            public int Length(string s) => [|s_lengths[(this, s)] = s.Length|];
            public static int Run() => Create().Length("x") + new Parser()?.Length("y") ?? 0;
            private static Parser Create() => new();
        }
        """;

    private const string ReadsState = """
        using System.Collections.Concurrent;
        class ReportBuilder
        {
            private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_cache = new();
            private readonly string _title = "Report";
            public string Build(int year) => [|s_cache.GetOrAdd((this, year), k => _title + k.Item2)|];
        }
        """;

    private const string CannotBeStatic = """
        using System;
        using System.Collections.Generic;
        interface IBuilder { string Build(int year); }
        class ReportBuilder : IBuilder
        {
            private static readonly Dictionary<(ReportBuilder, int), string> s_cache = new();
            private static readonly Dictionary<string, Action> s_handlers = new();
            public string Build(int year) => [|s_cache[(this, year)] = year.ToString()|];
            public void Watch(string key) => [|s_handlers[key] = OnChanged|];
            private void OnChanged() { }
        }
        """;
}
