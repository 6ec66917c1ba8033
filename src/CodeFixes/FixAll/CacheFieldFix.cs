using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.FixAll;

/// <summary>
/// A fix that rewrites one cache field as a whole (its declaration and every use). Its target is the field, found again
/// by project and documentation ID before it is rewritten, so one Fix All can rewrite many fields one after the other.
/// Applied to the solution it was planned on (the light bulb), the plan's rewrite is reused, not planned again.
/// </summary>
public abstract class CacheFieldFix : CacheFix
{
    public sealed override async Task<CacheFixPlan?> TryPlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var field = await FindFieldAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        if (field is null || DocumentationCommentId.CreateDeclarationId(field) is not { } id
            || await TryPlanFieldAsync(document, field, cancellationToken).ConfigureAwait(false) is not { } rewrite)
        {
            return null;
        }

        var planned = document.Project.Solution;
        var projectId = document.Project.Id;
        return new CacheFixPlan(
            this,
            Title(document, field),
            projectId.Id.ToString("N") + "|" + id,
            (solution, ct) => solution == planned ? rewrite(ct) : ApplyAsync(solution, projectId, id, ct));
    }

    /// <summary>The light-bulb title for rewriting <paramref name="field"/>, naming it.</summary>
    protected abstract string Title(Document document, IFieldSymbol field);

    /// <summary>The field behind <paramref name="diagnostic"/>: by default the cache of the access the diagnostic is reported at.</summary>
    protected virtual Task<IFieldSymbol?> FindFieldAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => CacheFieldLocator.FindAsync(document, diagnostic.Location.SourceSpan, cancellationToken);

    /// <summary>The rewrite of <paramref name="field"/> (declared in <paramref name="document"/>'s project), or null when this fix cannot rewrite it faithfully.</summary>
    protected abstract Task<Func<CancellationToken, Task<Solution>>?> TryPlanFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken);

    private async Task<Solution> ApplyAsync(Solution solution, ProjectId projectId, string fieldId, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null
            || DocumentationCommentId.GetFirstSymbolForDeclarationId(fieldId, compilation) is not IFieldSymbol field
            || field.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
            || project!.GetDocument(reference.SyntaxTree) is not { } document)
        {
            return solution;
        }

        var rewrite = await TryPlanFieldAsync(document, field, cancellationToken).ConfigureAwait(false);
        return rewrite is null ? solution : await rewrite(cancellationToken).ConfigureAwait(false);
    }
}
