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
using SafeCache.CodeFixes.Transformations;

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

    public override FixAllProvider GetFixAllProvider()
        => new SolutionDiagnosticsFixAllProvider(EquivalenceKey, Title, FixAllAsync);

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

    private static async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        var types = new List<INamedTypeSymbol>();
        foreach (var (document, diagnostic) in diagnostics)
        {
            if (await FindKeyClassAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } type)
            {
                types.Add(type);
            }
        }

        return await FixAsync(solution, types, cancellationToken).ConfigureAwait(false);
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
}
