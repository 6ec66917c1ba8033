using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.MakeKeyImmutable;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0004 fix for a key type whose hash code reads settable state: the hashed properties' <c>set</c> becomes
/// <c>init</c> and the hashed fields become <c>readonly</c> (see <see cref="ImmutableKeyPlan"/>). The diagnostic's
/// additional locations are the hashed members; the fix is offered only when it can make every one of them immutable.
/// Its target is that set of members, found again by documentation ID.
/// </summary>
public sealed class MakeKeyImmutableFix : CacheFix
{
    public static MakeKeyImmutableFix Instance { get; } = new();

    public override string Name => "MakeKeyImmutable";

    public override async Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var members = await FindMembersAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false);
        if (members is null || members[0].ContainingType is not { } keyType
            || await PlanAsync(solution, members, cancellationToken).ConfigureAwait(false) is not { } nodes)
        {
            return null;
        }

        // The light bulb's own solution reuses the references already searched; after other fixes they are searched again.
        var projectId = document.Project.Id;
        var ids = members.Select(m => DocumentationCommentId.CreateDeclarationId(m)).OrderBy(id => id, System.StringComparer.Ordinal).ToList();
        return new CacheFixPlan(
            this,
            $"Make the key type '{keyType.Name}' immutable",
            projectId.Id.ToString("N") + "|" + string.Join(",", ids),
            (current, ct) => current == solution ? RewriteAsync(current, nodes, ct) : ApplyAsync(current, projectId, ids, ct));
    }

    /// <summary>The hashed members the diagnostic names; null when one is not a property or field in source.</summary>
    private static async Task<List<ISymbol>?> FindMembersAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0)
        {
            return null;
        }

        var members = new List<ISymbol>();
        foreach (var location in diagnostic.AdditionalLocations)
        {
            var document = solution.GetDocument(location.SourceTree);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || !root.FullSpan.Contains(location.SourceSpan))
            {
                return null;
            }

            // Member locations are the identifiers of property and variable declarations.
            var declaration = root.FindToken(location.SourceSpan.Start).Parent;
            if (declaration is null || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } member || member is not (IPropertySymbol or IFieldSymbol)
                || DocumentationCommentId.CreateDeclarationId(member) is null)
            {
                return null;
            }

            members.Add(member);
        }

        return members;
    }

    /// <summary>The declarations to rewrite; null when any member cannot be made immutable.</summary>
    private static async Task<List<SyntaxNode>?> PlanAsync(Solution solution, IEnumerable<ISymbol> members, CancellationToken cancellationToken)
    {
        var nodes = new List<SyntaxNode>();
        foreach (var member in members)
        {
            if (await ImmutableKeyPlan.TryGetEditAsync(member, solution, cancellationToken).ConfigureAwait(false) is not { } edit)
            {
                return null;
            }

            nodes.Add(edit);
        }

        return ImmutableKeyPlan.Distinct(nodes);
    }

    private static async Task<Solution> ApplyAsync(Solution solution, ProjectId projectId, List<string> ids, CancellationToken cancellationToken)
    {
        var compilation = solution.GetProject(projectId) is { } project ? await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) : null;
        if (compilation is null)
        {
            return solution;
        }

        var members = ids.Select(id => DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation)).ToList();
        if (members.Any(m => m is null) || await PlanAsync(solution, members!, cancellationToken).ConfigureAwait(false) is not { } nodes)
        {
            return solution; // already immutable (another diagnostic's fix), or no longer fixable
        }

        return await RewriteAsync(solution, nodes, cancellationToken).ConfigureAwait(false);
    }

    private static Task<Solution> RewriteAsync(Solution solution, List<SyntaxNode> nodes, CancellationToken cancellationToken)
    {
        var edits = new SyntaxEditSet();
        foreach (var node in nodes)
        {
            edits.Replace(node, ImmutableKeyPlan.Apply);
        }

        return edits.ApplyAsync(solution, cancellationToken);
    }
}
