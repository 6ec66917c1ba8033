using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.Fixes;

public class MakeKeyRecordTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0004");

    [Fact]
    public Task PlainKeyClass_BecomesSealedRecordClass_KeepingMembersAndComments()
        => CodeFixVerifier<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>.VerifyFixAsync(
            """
            using System.Collections.Concurrent;

            /// <summary>A leg of a plan.</summary>
            [System.Serializable]
            public class PlanKey // from → to
            {
                public PlanKey(int from, int to) { From = from; To = to; }

                public int From { get; }
                public int To { get; }
                private readonly string _label = "";
            }

            static class Planner
            {
                private static readonly ConcurrentDictionary<PlanKey, string> s_plans = new();

                public static string Plan(int from, int to) => s_plans.GetOrAdd({|SC0004:new PlanKey(from, to)|}, k => k.From + "-" + k.To);
            }
            """,
            """
            using System.Collections.Concurrent;

            /// <summary>A leg of a plan.</summary>
            [System.Serializable]
            public sealed record class PlanKey // from → to
            {
                public PlanKey(int from, int to) { From = from; To = to; }

                public int From { get; }
                public int To { get; }
                private readonly string _label = "";
            }

            static class Planner
            {
                private static readonly ConcurrentDictionary<PlanKey, string> s_plans = new();

                public static string Plan(int from, int to) => s_plans.GetOrAdd(new PlanKey(from, to), k => k.From + "-" + k.To);
            }
            """,
            Key);

    [Fact]
    public Task FixAll_InSolution_RewritesEachClassOnce_InItsOwnDocument()
        => new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources =
            {
                """
                using System.Collections.Generic;

                static class Reports
                {
                    private static readonly Dictionary<object, string> s_reports = new();

                    public static string Get(string name, int year)
                    {
                        if (s_reports.TryGetValue({|SC0004:new ReportKey { Name = name, Year = year }|}, out var r)) return r;
                        s_reports[{|SC0004:(name, new RegionKey(year))|}] = r = name;
                        s_reports.Add({|SC0004:new ReportKey { Name = name, Year = year }|}, r);
                        return r;
                    }
                }
                """,
                """
                class ReportKey
                {
                    public string Name { get; init; } = "";
                    public int Year { get; init; }
                }

                class RegionKey
                {
                    public RegionKey(int id) => Id = id;
                    public int Id { get; }
                }
                """,
            },
            FixedSources =
            {
                """
                using System.Collections.Generic;

                static class Reports
                {
                    private static readonly Dictionary<object, string> s_reports = new();

                    public static string Get(string name, int year)
                    {
                        if (s_reports.TryGetValue(new ReportKey { Name = name, Year = year }, out var r)) return r;
                        s_reports[(name, new RegionKey(year))] = r = name;
                        s_reports.Add(new ReportKey { Name = name, Year = year }, r);
                        return r;
                    }
                }
                """,
                """
                sealed record class ReportKey
                {
                    public string Name { get; init; } = "";
                    public int Year { get; init; }
                }

                sealed record class RegionKey
                {
                    public RegionKey(int id) => Id = id;
                    public int Id { get; }
                }
                """,
            },
            CodeActionEquivalenceKey = Key,
            FixAllScope = Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Solution,
        }.RunAsync();

    [Fact]
    public Task NotOffered_ForSettableState_Methods_BaseClasses_OrDerivedClasses()
    {
        const string Source = """
            using System.Collections.Concurrent;

            class Settable { public int Id { get; set; } }
            class WithMethod { public int Id { get; init; } public int Twice() => Id * 2; }
            class Base { }
            class Derived : Base { public int Id { get; init; } }
            class Parent { public int Id { get; init; } }
            class Child : Parent { }

            static class Planner
            {
                private static readonly ConcurrentDictionary<object, string> s_plans = new();

                public static string Plan(int id)
                    => s_plans.GetOrAdd({|SC0004:new Settable { Id = id }|}, _ => "")
                       + s_plans.GetOrAdd({|SC0004:new WithMethod { Id = id }|}, _ => "")
                       + s_plans.GetOrAdd({|SC0004:new Derived { Id = id }|}, _ => "")
                       + s_plans.GetOrAdd({|SC0004:new Parent { Id = id }|}, _ => "");
            }
            """;
        return new CodeFixTest<MutableOrIdentityCacheKeyAnalyzer, MutableOrIdentityCacheKeyCodeFixProvider>
        {
            Sources = { Source },
            FixedSources = { Source },
            CodeActionEquivalenceKey = Key,
        }.RunAsync();
    }
}
