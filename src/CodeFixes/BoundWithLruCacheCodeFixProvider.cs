using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.BoundWithLruCache;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0003 fix: an unbounded static memo dictionary becomes a bounded <c>LruCache&lt;TKey, TValue&gt;</c> with capacity
/// <c>safecache.default_capacity</c>. Only the declaration changes, so it is offered only when every use of the field
/// already compiles against LruCache (see <see cref="LruCacheFieldPlan"/>). No fix for MemoryCache: a SizeLimit makes
/// every entry need a Size, which only the user can choose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundWithLruCacheCodeFixProvider)), Shared]
public sealed class BoundWithLruCacheCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0003.BoundWithLruCache";

    internal const string Title = "Bound it with LruCache";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnboundedSharedCacheId);

    // One document pass per Fix All: several fields in a file share the one 'using SafeCache;' the fix adds.
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(
            async (context, document, diagnostics) => context.CodeActionEquivalenceKey == EquivalenceKey
                ? await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)
                : null);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plans = await CreatePlansAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (!plans.IsEmpty)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = await CreatePlansAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        if (plans.IsEmpty)
        {
            return document;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || tree is null)
        {
            return document;
        }

        var capacity = CacheModelOptions.GetDefaultCapacity(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));
        var languageVersion = (tree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.CSharp8;
        var byDeclaration = plans.ToDictionary(p => (SyntaxNode)p.Declaration);
        var newRoot = root.ReplaceNodes(
            byDeclaration.Keys,
            (original, rewritten) => byDeclaration[original].Apply((FieldDeclarationSyntax)rewritten, capacity, languageVersion));

        // 'using SafeCache;' for the new field type, placed the way the user's options say.
        var fixedDocument = document.WithSyntaxRoot(newRoot);
        return await ImportAdder.AddImportsAsync(fixedDocument, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ImmutableArray<LruCacheFieldPlan>> CreatePlansAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return ImmutableArray<LruCacheFieldPlan>.Empty;
        }

        var model = CacheModel.Create(
            semanticModel.Compilation,
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider));
        var plans = new List<LruCacheFieldPlan>();
        foreach (var diagnostic in diagnostics)
        {
            // The memo-cache diagnostic sits on the field's declarator; the MemoryCache and capacity shapes do not get a plan.
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is VariableDeclaratorSyntax declarator
                && LruCacheFieldPlan.TryCreate(semanticModel, declarator, model, cancellationToken) is { } plan)
            {
                plans.Add(plan);
            }
        }

        return LruCacheFieldPlan.Distinct(plans);
    }
}
