using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests.Model;

/// <summary>Builds the cache model over a test source and lists what it recognises, member by member.</summary>
internal sealed class ModelHarness
{
    private ModelHarness(Compilation compilation, Analyzers.Model.CacheModel model)
    {
        Compilation = compilation;
        Model = model;
    }

    public Compilation Compilation { get; }

    public Analyzers.Model.CacheModel Model { get; }

    public static ModelHarness Create(string source, string? editorConfig = null)
    {
        var compilation = CompilationHelper.CreateCompilation(new[] { source });
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "test source does not compile:\n" + string.Join("\n", errors));

        var options = new AnalyzerOptions(
            ImmutableArray<AdditionalText>.Empty,
            new DictionaryConfigOptionsProvider(ParseOptions(editorConfig)));
        return new ModelHarness(compilation, Analyzers.Model.CacheModel.For(compilation, options));
    }

    /// <summary>A model over files with their own paths, with the options a test double hands out per file.</summary>
    public static ModelHarness Create(IReadOnlyList<(string Path, string Source)> files, AnalyzerConfigOptionsProvider provider)
    {
        var trees = files.Select(f => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(f.Source, TestOptions.ParseOptions, path: f.Path));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("TestAssembly", trees, TestReferences.All, TestOptions.CompilationOptions);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "test source does not compile:\n" + string.Join("\n", errors));

        return new ModelHarness(compilation, Analyzers.Model.CacheModel.For(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider)));
    }

    public SyntaxTree Tree(string path) => Compilation.SyntaxTrees.Single(t => t.FilePath == path);

    /// <summary>Every cache access in the named member's body, in source order.</summary>
    public IReadOnlyList<CacheAccess> AccessesIn(string memberName) => Roots(memberName).SelectMany(Model.GetAccesses).ToList();

    public CacheAccess SingleAccess(string memberName, CacheAccessKind kind)
        => Assert.Single(AccessesIn(memberName), a => a.Kind == kind);

    /// <summary>The operation of the first expression in the member whose text is <paramref name="text"/>.</summary>
    public IOperation Expression(string memberName, string text)
        => Roots(memberName).SelectMany(r => r.DescendantsAndSelf()).First(o => o.Syntax is ExpressionSyntax && o.Syntax.ToString() == text);

    public ISymbol Member(string name)
        => Compilation.GetSymbolsWithName(name, SymbolFilter.Member).First();

    private IEnumerable<IOperation> Roots(string memberName)
    {
        foreach (var tree in Compilation.SyntaxTrees)
        {
            var semanticModel = Compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var (name, body) = node switch
                {
                    MethodDeclarationSyntax m => (m.Identifier.Text, (SyntaxNode?)m.Body ?? m.ExpressionBody),
                    ConstructorDeclarationSyntax c => (c.Identifier.Text + ".ctor", (SyntaxNode?)c.Body ?? c.ExpressionBody),
                    PropertyDeclarationSyntax p when p.ExpressionBody is not null => (p.Identifier.Text, p.ExpressionBody),
                    _ => (null, null),
                };
                if (name == memberName && body is not null && semanticModel.GetOperation(body) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }

    private static Dictionary<string, string> ParseOptions(string? editorConfig)
    {
        var result = new Dictionary<string, string>();
        foreach (var line in (editorConfig ?? string.Empty).Split('\n'))
        {
            var parts = line.Split('=', 2);
            if (parts.Length == 2)
            {
                result[parts[0].Trim()] = parts[1].Trim();
            }
        }

        return result;
    }

    private sealed class DictionaryConfigOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryConfigOptions _options;

        public DictionaryConfigOptionsProvider(Dictionary<string, string> values) => _options = new DictionaryConfigOptions(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    private sealed class DictionaryConfigOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public DictionaryConfigOptions(Dictionary<string, string> values) => _values = values;

        // The [NotNullWhen] attribute is not spelled out: SafeCache.Analyzers' internal polyfill makes the name ambiguous here.
#pragma warning disable CS8765
        public override bool TryGetValue(string key, out string? value)
            => _values.TryGetValue(key, out value);
#pragma warning restore CS8765
    }
}
