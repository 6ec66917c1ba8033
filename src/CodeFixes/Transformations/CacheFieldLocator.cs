using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Finds the cache field behind a diagnostic: the cache of the access whose syntax is the diagnostic span, or, for a
/// diagnostic at a returned value (SC0002), the cache that value was read from.
/// </summary>
internal static class CacheFieldLocator
{
    public static async Task<IFieldSymbol?> FindAsync(Document document, TextSpan span, CancellationToken cancellationToken)
        => await FindCacheAsync(document, span, cancellationToken).ConfigureAwait(false) as IFieldSymbol;

    /// <summary>The cache symbol (a field, property or local) behind the diagnostic at <paramref name="span"/>.</summary>
    public static async Task<ISymbol?> FindCacheAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || !root.FullSpan.Contains(span))
        {
            return null;
        }

        var operation = semanticModel.GetOperation(root.FindNode(span, getInnermostNodeForTie: true), cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var model = CodeFixCacheModel.For(semanticModel.Compilation, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        foreach (var access in model.GetAccesses(operation))
        {
            if (access.Operation.Syntax.Span == span)
            {
                return access.Cache.Symbol;
            }
        }

        return model.ValueOrigins.TryFind(operation, out var origin) ? origin.Cache.Symbol : null;
    }
}
