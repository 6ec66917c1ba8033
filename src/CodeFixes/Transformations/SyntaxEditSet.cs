using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Node replacements collected across documents and applied in one pass per document. Each replacement receives the
/// node with its own descendants already rewritten, so nested edits (a key inside a factory inside another key) compose.
/// </summary>
internal sealed class SyntaxEditSet
{
    private readonly Dictionary<SyntaxTree, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>> _edits = new();

    public bool IsEmpty => _edits.Count == 0;

    /// <summary>Registers a replacement of <paramref name="node"/>; a second replacement of the same node runs on the first one's result.</summary>
    public void Replace(SyntaxNode node, Func<SyntaxNode, SyntaxNode> replacement)
    {
        if (!_edits.TryGetValue(node.SyntaxTree, out var inTree))
        {
            _edits[node.SyntaxTree] = inTree = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
        }

        inTree[node] = inTree.TryGetValue(node, out var previous) ? rewritten => replacement(previous(rewritten)) : replacement;
    }

    public async Task<Solution> ApplyAsync(Solution solution, CancellationToken cancellationToken)
    {
        foreach (var pair in _edits)
        {
            var document = solution.GetDocument(pair.Key);
            if (document is null)
            {
                continue;
            }

            var root = await pair.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var edits = pair.Value;
            var newRoot = root.ReplaceNodes(edits.Keys, (original, rewritten) => edits[original](rewritten));
            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }

    public IEnumerable<SyntaxTree> Trees => _edits.Keys.ToList();
}
