using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.MakeKeyRecord;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0004 fix for a new key of a plain class compared by reference (<c>s_plans.GetOrAdd(new PlanKey(a, b), …)</c>): the
/// class becomes a record so equal keys find each other (see <see cref="RecordKeyPlan"/>). The class may live in another
/// document; its target is the class, so Fix All rewrites it once however many lookups create it.
/// </summary>
public sealed class MakeKeyRecordFix : CacheFix
{
    public static MakeKeyRecordFix Instance { get; } = new();

    public override string Name => "MakeKeyRecord";

    public override async Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var planned = document.Project.Solution;
        var type = await FindKeyClassAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        if (type is null || type.DeclaringSyntaxReferences.Length != 1
            || planned.GetDocument(type.DeclaringSyntaxReferences[0].SyntaxTree) is not { } declaringDocument
            || DocumentationCommentId.CreateDeclarationId(type) is not { } id
            || await RecordKeyPlan.TryGetDeclarationAsync(type, planned, cancellationToken).ConfigureAwait(false) is not { } declaration)
        {
            return null;
        }

        // The light bulb's own solution reuses the declaration (and derived-class search) already planned.
        var projectId = declaringDocument.Project.Id;
        return new CacheFixPlan(
            this,
            $"Make the key type '{type.Name}' a record",
            projectId.Id.ToString("N") + "|" + id,
            (solution, ct) => solution == planned ? RewriteAsync(declaringDocument, declaration, ct) : ApplyAsync(solution, projectId, id, ct));
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

    /// <summary>Rewrites the class found again by documentation ID; unchanged when it is already a record.</summary>
    private static async Task<Solution> ApplyAsync(Solution solution, ProjectId projectId, string id, CancellationToken cancellationToken)
    {
        var compilation = solution.GetProject(projectId) is { } project ? await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) : null;
        if (compilation is null || DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not INamedTypeSymbol type
            || await RecordKeyPlan.TryGetDeclarationAsync(type, solution, cancellationToken).ConfigureAwait(false) is not { } declaration
            || solution.GetDocument(declaration.SyntaxTree) is not { } document)
        {
            return solution;
        }

        return await RewriteAsync(document, declaration, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Solution> RewriteAsync(Document document, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(declaration, (current, _) => RecordKeyPlan.Apply((ClassDeclarationSyntax)current));
        return editor.GetChangedDocument().Project.Solution;
    }
}
