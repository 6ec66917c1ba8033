using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Node replacements planned across documents and applied with a <see cref="SolutionEditor"/>. Each replacement receives
/// the node with its own descendants already rewritten (deeper edits are applied first), so nested edits (a key inside a
/// factory inside another key) compose; a second replacement of the same node runs on the first one's result.
/// </summary>
internal sealed class SyntaxEditSet
{
    private readonly Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxGenerator, SyntaxNode>> _edits = new();

    public void Replace(SyntaxNode node, Func<SyntaxNode, SyntaxGenerator, SyntaxNode> replacement)
        => _edits[node] = _edits.TryGetValue(node, out var previous)
            ? (current, generator) => replacement(previous(current, generator), generator)
            : replacement;

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        foreach (var inTree in _edits.GroupBy(e => e.Key.SyntaxTree))
        {
            if (solution.GetDocumentId(inTree.Key) is not { } documentId)
            {
                continue;
            }

            var documentEditor = await editor.GetDocumentEditorAsync(documentId, cancellationToken).ConfigureAwait(false);
            foreach (var edit in inTree.OrderByDescending(e => e.Key.Ancestors().Count()))
            {
                documentEditor.ReplaceNode(edit.Key, edit.Value);
            }
        }

        return editor.GetChangedSolution();
    }
}
