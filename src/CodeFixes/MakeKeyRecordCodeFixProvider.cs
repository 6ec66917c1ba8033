using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.MakeKeyRecord;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0004 fix for a new key of a plain class compared by reference (<c>s_plans.GetOrAdd(new PlanKey(a, b), …)</c>): make
/// the class a record so equal keys find each other (see <see cref="RecordKeyPlan"/>). The class may live in another
/// document; Fix All rewrites each class once however many lookups create it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeKeyRecordCodeFixProvider)), Shared]
public sealed class MakeKeyRecordCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0004.MakeKeyRecord";

    internal const string Title = "Make the key a record";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MutableOrIdentityCacheKeyId);

    public override FixAllProvider GetFixAllProvider() => new KeyClassFixAllProvider();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var type = await FindKeyClassAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (type is not null
                && await RecordKeyPlan.TryGetDeclarationAsync(type, context.Document.Project.Solution, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(solution, new[] { type }, ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<INamedTypeSymbol?> FindKeyClassAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node is ExpressionSyntax or ArgumentSyntax ? RecordKeyPlan.FindKeyClass(semanticModel, node is ArgumentSyntax argument ? argument.Expression : node, cancellationToken) : null;
    }

    /// <summary>Rewrites each class once, on the evolving solution; classes are found again by documentation ID.</summary>
    private static async Task<Solution> FixAsync(Solution solution, IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        var ids = new List<(ProjectId Project, string Id)>();
        foreach (var type in types)
        {
            if (type.DeclaringSyntaxReferences.Length == 1 && solution.GetDocument(type.DeclaringSyntaxReferences[0].SyntaxTree) is { } document
                && DocumentationCommentId.CreateDeclarationId(type) is { } id && !ids.Contains((document.Project.Id, id)))
            {
                ids.Add((document.Project.Id, id));
            }
        }

        foreach (var (projectId, id) in ids)
        {
            var compilation = solution.GetProject(projectId) is { } project ? await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) : null;
            if (compilation is null || DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not INamedTypeSymbol type
                || await RecordKeyPlan.TryGetDeclarationAsync(type, solution, cancellationToken).ConfigureAwait(false) is not { } declaration
                || solution.GetDocument(declaration.SyntaxTree) is not { } document
                || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(declaration, RecordKeyPlan.Apply(declaration)));
        }

        return solution;
    }

    /// <summary>Collects the key classes behind every diagnostic in scope and rewrites each once.</summary>
    private sealed class KeyClassFixAllProvider : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            if (context.CodeActionEquivalenceKey != EquivalenceKey)
            {
                return null;
            }

            var documents = new List<Document>();
            switch (context.Scope)
            {
                case FixAllScope.Document when context.Document is not null:
                    documents.Add(context.Document);
                    break;
                case FixAllScope.Project:
                    documents.AddRange(context.Project.Documents);
                    break;
                case FixAllScope.Solution:
                    foreach (var project in context.Solution.Projects)
                    {
                        documents.AddRange(project.Documents);
                    }

                    break;
            }

            var types = new List<INamedTypeSymbol>();
            foreach (var document in documents)
            {
                foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await FindKeyClassAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } type)
                    {
                        types.Add(type);
                    }
                }
            }

            var solution = context.Solution;
            return types.Count == 0 ? null : CodeAction.Create(Title, ct => FixAsync(solution, types, ct), EquivalenceKey);
        }
    }
}
