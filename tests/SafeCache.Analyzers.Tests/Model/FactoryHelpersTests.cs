using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

/// <summary>The compilation-end queue of <see cref="FactoryHelpers"/>: helper calls and other deferred judgements.</summary>
public sealed class FactoryHelpersTests
{
    private const string Source = """
        using System;
        using System.Collections.Concurrent;
        static class Cache
        {
            static readonly ConcurrentDictionary<string, string> s_values = new();
            internal static string GetOrCreate(string key, Func<string> factory) => s_values.GetOrAdd(key, _ => factory());
            internal static string Run(string key, Func<string> factory) => factory();
        }
        """;

    [Fact]
    public void Deferred_judgements_run_at_the_end_and_only_their_findings_are_reported()
    {
        var helpers = new FactoryHelpers();
        var ran = new List<string>();
        helpers.Defer(() => { ran.Add("a"); return Create("a"); });
        helpers.Defer(() => { ran.Add("b"); return null; });

        Assert.Empty(ran); // nothing is judged before compilation end
        var reported = helpers.JudgeDeferred().Select(NameOf).ToList();

        Assert.Equal(new[] { "a" }, reported);
        Assert.Equal(new[] { "a", "b" }, ran);
    }

    [Fact]
    public void A_deferred_helper_call_is_judged_only_when_the_target_stores_the_delegate()
    {
        var harness = ModelHarness.Create(Source);
        var getOrCreate = (IMethodSymbol)harness.Member("GetOrCreate");
        var run = (IMethodSymbol)harness.Member("Run");
        var helpers = new FactoryHelpers();
        foreach (var access in harness.AccessesIn("GetOrCreate"))
        {
            helpers.RecordWrite(access, getOrCreate);
        }

        var seen = new List<StoredFactory>();
        helpers.Defer(getOrCreate, delegateOrdinal: 1, stored => { seen.Add(stored); return Create("stored"); });
        helpers.Defer(getOrCreate, delegateOrdinal: 0, _ => Create("wrong parameter"));
        helpers.Defer(run, delegateOrdinal: 1, _ => Create("not a helper"));

        var reported = helpers.JudgeDeferred().Select(NameOf).ToList();

        Assert.Equal(new[] { "stored" }, reported);
        var stored = Assert.Single(seen);
        Assert.Equal("factory", stored.Factory.Name);
        Assert.Equal("key", stored.Key?.Name);
        Assert.Equal(StoredFactoryKind.Result, stored.Kind);
    }

    /// <summary>A diagnostic told apart by its first message argument (the cache name).</summary>
    private static Diagnostic Create(string name) => Diagnostic.Create(DiagnosticDescriptors.SharedCacheIgnoresInstanceStateAtEnd, Location.None, name, "k", "s", "", "T", "s");

    private static string NameOf(Diagnostic diagnostic) => diagnostic.GetMessage().Split('\'')[1];
}
