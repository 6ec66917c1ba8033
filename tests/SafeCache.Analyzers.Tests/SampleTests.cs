using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests;

/// <summary>
/// samples/LeakyService is the README's main job: building it must show a warning for every rule that exists, so a
/// new rule cannot land without its example.
/// </summary>
public sealed class SampleTests
{
    [Fact]
    public async Task Sample_service_shows_every_rule()
    {
        var sources = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "*.cs").Select(File.ReadAllText);
        var compilation = CompilationHelper.CreateCompilation(sources, outputKind: OutputKind.ConsoleApplication);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analyzers = typeof(Analyzers.Model.CacheModel).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        var ruleIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        var shownIds = diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        Assert.Equal(ruleIds, shownIds);
    }
}
