using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.Analyzers.Tests.EndToEnd;

/// <summary>
/// SC0001 end to end: the leak is real and each fix removes it. The "before" code is compiled and run in a collectible
/// load context and keeps its instance alive through a garbage collection; the "after" code, produced by applying the
/// fix with the code fix provider, lets it be collected. Each program exposes <c>Scenario.Run()</c>, which creates the
/// instance in its own (non-inlined) frame, uses the cache, and returns only a <see cref="WeakReference"/> to it, so no
/// stack slot of the test can keep the instance alive in Debug or Release.
/// </summary>
public class SharedCacheLeakEndToEndTests
{
    private const string Scenario = """

        public static class Scenario
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static WeakReference Run()
            {
                var builder = new ReportBuilder();
                var first = builder.Describe(2024);
                var second = builder.Describe(2024);
                if (first != second || first.Length == 0)
                {
                    throw new InvalidOperationException("The cached result changed: " + first + " / " + second);
                }

                return new WeakReference(builder);
            }
        }
        """;

    /// <summary>Fix 1: the cache keyed by (this, year) and filled with instance data becomes an instance field.</summary>
    [Fact]
    public Task MakeCachePerInstance_LeakedBefore_CollectedAfter()
        => AssertFixRemovesLeakAsync(
            """
            using System;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;

            public class ReportBuilder
            {
                private static readonly Dictionary<(ReportBuilder, int), string> s_reports = new();
                private readonly byte[] _payload = new byte[64 * 1024];

                public string Describe(int year)
                {
                    if (!s_reports.TryGetValue((this, year), out var report))
                    {
                        report = "Report " + year + " (" + _payload.Length + " bytes)";
                        s_reports[(this, year)] = report;
                    }

                    return report;
                }
            }
            """ + Scenario,
            PreferredFixAllProvider.PreferredKey("SC0001"));

    /// <summary>Fix 2: 'this' is only in the key, so the method becomes static and the key loses 'this'.</summary>
    [Fact]
    public Task MakeMethodStatic_LeakedBefore_CollectedAfter()
        => AssertFixRemovesLeakAsync(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Runtime.CompilerServices;

            public class ReportBuilder
            {
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_titles = new();
                private readonly byte[] _payload = new byte[64 * 1024];

                public string Describe(int year) => Title(year) + " (" + _payload.Length + " bytes)";

                private string Title(int year) => s_titles.GetOrAdd((this, year), k => "Report " + k.Item2);
            }
            """ + Scenario,
            MakeMethodStaticFix.Instance.EquivalenceKey("SC0001"));

    /// <summary>Fix 3: the cache becomes a WeakLruCache owned by the instance; the factory uses 'self', not 'this'.</summary>
    [Fact]
    public Task HoldInstanceWeakly_LeakedBefore_CollectedAfter()
        => AssertFixRemovesLeakAsync(
            """
            using System;
            using System.Collections.Concurrent;
            using System.Runtime.CompilerServices;

            public class ReportBuilder
            {
                private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_reports = new();
                private readonly byte[] _payload = new byte[64 * 1024];

                public string Describe(int year) => s_reports.GetOrAdd((this, year), _ => Render(year));

                private string Render(int year) => "Report " + year + " (" + _payload.Length + " bytes)";
            }
            """ + Scenario,
            HoldInstanceWeaklyFix.Instance.EquivalenceKey("SC0001"),
            expectInFixedCode: "WeakLruCache<ReportBuilder, int, string>");

    private static async Task AssertFixRemovesLeakAsync(string before, string equivalenceKey, string? expectInFixedCode = null)
    {
        var after = await CodeFixApplier.ApplyAsync<SharedCacheCapturesInstanceAnalyzer>(before, equivalenceKey);
        Assert.NotEqual(before, after);
        if (expectInFixedCode is not null)
        {
            Assert.Contains(expectInFixedCode, after, StringComparison.Ordinal);
        }

        // The analyzer agrees the fixed code no longer leaks (the applier stops only when no fix applies; check none is left).
        await AnalyzerVerifier<SharedCacheCapturesInstanceAnalyzer>.VerifyAsync(after);

        using (var loaded = CompilationHelper.EmitAndLoad(before))
        {
            var instance = RunScenario(loaded);
            CollectGarbage();
            Assert.True(instance.IsAlive, "Before the fix the static cache should keep the instance alive (the leak SC0001 reports).");
        }

        using (var loaded = CompilationHelper.EmitAndLoad(after))
        {
            var instance = RunScenario(loaded);
            CollectGarbage();
            Assert.False(instance.IsAlive, "After the fix the instance should be collected:" + Environment.NewLine + after);
        }
    }

    /// <summary>Runs the program in its own frame so that nothing but the returned weak reference escapes to the caller.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunScenario(LoadedAssembly loaded)
        => (WeakReference)loaded.InvokeStatic("Scenario", "Run")!;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CollectGarbage()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
        }
    }
}
