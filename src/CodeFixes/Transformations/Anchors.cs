using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>Target IDs for plans anchored at a node (see <see cref="FixAll.CacheFixPlan"/>): one per node, in source order within a document.</summary>
internal static class Anchors
{
    public static string TargetId(Document document, SyntaxNode node, string kind)
        => document.Project.Id.Id.ToString("N") + "|" + (document.FilePath ?? document.Name) + "|" + node.SpanStart.ToString("D10", CultureInfo.InvariantCulture) + "|" + kind;
}
