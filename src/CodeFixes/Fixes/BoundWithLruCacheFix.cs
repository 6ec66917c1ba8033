using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.BoundWithLruCache;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0003 fix: an unbounded static memo dictionary becomes a bounded <c>LruCache&lt;TKey, TValue&gt;</c> with capacity
/// <c>safecache.default_capacity</c>. Only the declaration changes, so it is offered only when every use of the field
/// already compiles against LruCache and the field is a memo cache, not a registry (see <see cref="LruCacheFieldPlan"/>).
/// No fix for MemoryCache: a SizeLimit makes every entry need a Size, which only the user can choose.
/// </summary>
public sealed class BoundWithLruCacheFix : CacheFieldFix
{
    public static BoundWithLruCacheFix Instance { get; } = new();

    public override string Name => "BoundWithLruCache";

    protected override string Title(Document document, IFieldSymbol field)
        => $"Bound '{field.Name}' with LruCache({Capacity(document, field.DeclaringSyntaxReferences[0].SyntaxTree)})";

    private static int Capacity(Document document, SyntaxTree tree)
        => CacheModelOptions.GetDefaultCapacity(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));

    /// <summary>The memo-cache diagnostic sits on the field's declarator; the MemoryCache and capacity shapes have no field to bound.</summary>
    protected override async Task<IFieldSymbol?> FindFieldAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is not null && semanticModel is not null && root.FullSpan.Contains(diagnostic.Location.SourceSpan)
            && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is VariableDeclaratorSyntax declarator
            ? semanticModel.GetDeclaredSymbol(declarator, cancellationToken) as IFieldSymbol
            : null;
    }

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null
            || field.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
            || document.Project.GetDocument(reference.SyntaxTree) is not { } declaringDocument
            || await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not VariableDeclaratorSyntax declarator)
        {
            return null;
        }

        var model = CodeFixCacheModel.For(compilation, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        var plan = LruCacheFieldPlan.TryCreate(compilation.GetSemanticModel(reference.SyntaxTree), declarator, model, cancellationToken);
        return plan is null ? null : ct => ApplyAsync(declaringDocument, plan, ct);
    }

    private static async Task<Solution> ApplyAsync(Document document, LruCacheFieldPlan plan, CancellationToken cancellationToken)
    {
        var tree = plan.Declaration.SyntaxTree;
        var capacity = Capacity(document, tree);
        var languageVersion = (tree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.CSharp8;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(plan.Declaration, (current, _) => plan.Apply((FieldDeclarationSyntax)current, capacity, languageVersion));

        // 'using SafeCache;' for the new field type, placed the way the user's options say.
        var fixedDocument = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return fixedDocument.Project.Solution;
    }
}
