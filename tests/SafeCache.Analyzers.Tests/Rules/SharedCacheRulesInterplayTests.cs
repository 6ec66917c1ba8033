using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0001 (the key or value holds 'this') and SC0005 (the key ignores the instance) exclude each other: never both on one write.</summary>
public class SharedCacheRulesInterplayTests
{
    private const string Sources = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        class ReportBuilder
        {
            private static readonly ConcurrentDictionary<(ReportBuilder, int), string> s_byInstance = new();
            private static readonly ConcurrentDictionary<int, string> s_byYear = new();
            private static readonly ConcurrentDictionary<int, Func<string>> s_renderers = new();
            private static readonly Dictionary<string, Action> s_handlers = new();
            private readonly string _title = "Report";

            public string ByInstance(int year) => s_byInstance.GetOrAdd((this, year), k => _title + k.Item2);
            public string ByYear(int year) => s_byYear.GetOrAdd(year, y => _title + y);
            public Func<string> Renderer(int year) => s_renderers.GetOrAdd(year, y => () => _title + y);
            public void Watch(string key) => s_handlers[key] = OnChanged;
            public void Store(int year)
            {
                if (!s_byYear.TryGetValue(year, out var text))
                {
                    s_byYear[year] = _title + year;
                }
            }

            private void OnChanged() => Console.WriteLine(_title);
        }
        """;

    [Fact]
    public async Task NeverBothOnTheSameWrite()
    {
        using var workspace = new Microsoft.CodeAnalysis.AdhocWorkspace();
        var project = TestProject.Create(workspace, new[] { Sources });
        Assert.Empty(await TestProject.GetCompilerErrorsAsync(project));

        var sc0001 = await TestProject.GetAnalyzerDiagnosticsAsync(project, new SharedCacheCapturesInstanceAnalyzer());
        var sc0005 = await TestProject.GetAnalyzerDiagnosticsAsync(project, new SharedCacheIgnoresInstanceStateAnalyzer());

        Assert.NotEmpty(sc0001);
        var overlapping = sc0001.Where(a => sc0005.Any(b => b.Location.SourceSpan.OverlapsWith(a.Location.SourceSpan))).ToList();
        Assert.True(overlapping.Count == 0, "SC0001 and SC0005 both fire on: " + string.Join("; ", overlapping.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan))));
    }
}
