using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Cli.Tests;

/// <summary>
/// What the tool should find, computed without the tool: the analyzers run in-process on a plain compilation of the
/// same files. Also compiles fixed code to prove it still builds.
/// </summary>
internal static class Oracle
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = System.Reflection.Assembly.Load("SafeCache.Analyzers").GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static IReadOnlyList<string> RuleIds => Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>"SC0001 ReportBuilder.cs:20:38" for every SafeCache diagnostic in the files of <paramref name="folder"/>.</summary>
    public static async Task<IReadOnlyList<string>> FindingsAsync(string folder)
    {
        var compilation = Compile(folder);
        var diagnostics = await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return diagnostics
            .Select(d => (d.Id, Span: d.Location.GetLineSpan()))
            .Select(d => $"{d.Id} {Path.GetRelativePath(folder, d.Span.Path).Replace('\\', '/')}:{d.Span.StartLinePosition.Line + 1}:{d.Span.StartLinePosition.Character + 1}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<Diagnostic> CompilerErrors(string folder)
        => Compile(folder).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static CSharpCompilation Compile(string folder)
    {
        var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(SafeCache.CacheInfo).Assembly.Location)
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(
            "Oracle",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }
}
