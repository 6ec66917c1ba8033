using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Fix All for fixes whose edit lands outside the diagnostic's document (a key type declared elsewhere): collects the
/// diagnostics in scope with their documents and hands them to one solution-wide rewrite, which is expected to edit
/// each target once however many diagnostics point at it.
/// </summary>
internal sealed class SolutionDiagnosticsFixAllProvider : FixAllProvider
{
    private readonly string _equivalenceKey;
    private readonly string _title;
    private readonly Func<Solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> _fix;

    public SolutionDiagnosticsFixAllProvider(
        string equivalenceKey,
        string title,
        Func<Solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)>, CancellationToken, Task<Solution>> fix)
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

        var diagnostics = ImmutableArray.CreateBuilder<(Document, Diagnostic)>();
        foreach (var document in documents)
        {
            foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
            {
                diagnostics.Add((document, diagnostic));
            }
        }

        var solution = context.Solution;
        var all = diagnostics.ToImmutable();
        return all.IsEmpty ? null : CodeAction.Create(_title, ct => _fix(solution, all, ct), _equivalenceKey);
    }
}
