using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Where a reference search has to look. A private member is reachable only inside its type's declarations (nested types
/// included), so a fix that vetoes on its references searches those documents instead of the whole solution: the light
/// bulb stays cheap in a large solution.
/// </summary>
internal static class ReferenceScope
{
    /// <summary>
    /// The documents of <paramref name="type"/> when a member of it with <paramref name="accessibility"/> is private; null
    /// (the whole solution) otherwise, or when a part of the type is not a regular document (a generated part).
    /// </summary>
    public static IImmutableSet<Document>? For(INamedTypeSymbol? type, Accessibility accessibility, Solution solution)
    {
        if (accessibility != Accessibility.Private || type is null || type.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        var documents = ImmutableHashSet.CreateBuilder<Document>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (solution.GetDocument(reference.SyntaxTree) is not { } document)
            {
                return null;
            }

            documents.Add(document);
        }

        return documents.ToImmutable();
    }
}
