using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.CodeFixes.FixAll;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Fix All for fixes that rewrite a whole cache field (its declaration and every use): batch merging cannot combine
/// two diagnostics on the same field, so diagnostics are grouped by field and each field is rewritten once, one after
/// the other on the evolving solution. Fields are found again by documentation ID (the rewrites never rename them).
/// </summary>
internal sealed class CacheFieldFixAllProvider : FixAllProvider
{
    private readonly string _equivalenceKey;
    private readonly string _title;
    private readonly Func<Document, IFieldSymbol, CancellationToken, Task<Solution>> _fix;

    /// <param name="equivalenceKey">The equivalence key of the single fix this provider batches.</param>
    /// <param name="title">Title of the Fix All code action.</param>
    /// <param name="fix">Rewrites one field; returns the solution unchanged when it cannot.</param>
    public CacheFieldFixAllProvider(string equivalenceKey, string title, Func<Document, IFieldSymbol, CancellationToken, Task<Solution>> fix)
    {
        _equivalenceKey = equivalenceKey;
        _title = title;
        _fix = fix;
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
    {
        if (context.CodeActionEquivalenceKey != _equivalenceKey)
        {
            return null;
        }

        var diagnostics = await FixAllScopeDiagnostics.CollectAsync(context).ConfigureAwait(false);
        var solution = context.Solution;
        return diagnostics.IsEmpty ? null : CodeAction.Create(_title, ct => FixAllAsync(solution, diagnostics, ct), _equivalenceKey);
    }

    private async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // Field → the project it lives in, found before any rewrite moves the diagnostics' spans.
        var fields = new List<(ProjectId Project, string Id)>();
        foreach (var diagnostic in diagnostics)
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            var field = document is null ? null : await CacheFieldLocator.FindAsync(document, diagnostic.Location.SourceSpan, cancellationToken).ConfigureAwait(false);
            if (field is not null && DocumentationCommentId.CreateDeclarationId(field) is { } id && !fields.Contains((document!.Project.Id, id)))
            {
                fields.Add((document.Project.Id, id));
            }
        }

        foreach (var (projectId, id) in fields)
        {
            var project = solution.GetProject(projectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation!) is not IFieldSymbol field
                || field.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
                || project!.GetDocument(reference.SyntaxTree) is not { } document)
            {
                continue;
            }

            solution = await _fix(document, field, cancellationToken).ConfigureAwait(false);
        }

        return solution;
    }
}
