using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Adds a <c>using</c> for a namespace whose extension method a fix calls (<c>v.ToArray()</c> needs <c>System.Linq</c>).
/// <see cref="ImportAdder"/> cannot: it imports the namespaces of annotated nodes that bind, and such a call binds only
/// once the using is there. The directive goes among the file's usings, in order, <c>System</c> namespaces first.
/// </summary>
internal static class NamespaceImports
{
    /// <summary>Adds <c>using <paramref name="namespaceName"/>;</c> among the file's usings.</summary>
    public static async Task<Document> AddAsync(Document document, string namespaceName, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax unit)
        {
            return document;
        }

        var directive = ((UsingDirectiveSyntax)SyntaxGenerator.GetGenerator(document).NamespaceImportDeclaration(namespaceName))
            .WithAdditionalAnnotations(Formatter.Annotation);

        // Next to the file's other usings: inside the namespace when they are there.
        var namespaceWithUsings = unit.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Usings.Count > 0);
        if (unit.Usings.Count == 0 && namespaceWithUsings is not null)
        {
            return document.WithSyntaxRoot(unit.ReplaceNode(namespaceWithUsings, namespaceWithUsings.WithUsings(Insert(namespaceWithUsings.Usings, directive))));
        }

        return document.WithSyntaxRoot(unit.WithUsings(Insert(unit.Usings, directive)));
    }

    /// <summary>Inserts in order among plain <c>using</c> directives, <c>System</c> namespaces first.</summary>
    private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
    {
        var index = 0;
        while (index < usings.Count && usings[index].Alias is null && usings[index].StaticKeyword.IsKind(SyntaxKind.None)
               && Compare(usings[index].Name?.ToString() ?? string.Empty, directive.Name?.ToString() ?? string.Empty) < 0)
        {
            index++;
        }

        if (usings.Count == 0)
        {
            return usings.Add(directive.WithTrailingTrivia(CarriageReturnLineFeed));
        }

        return usings.Insert(index, directive.WithTrailingTrivia(usings[Math.Min(index, usings.Count - 1)].GetTrailingTrivia()));
    }

    private static int Compare(string a, string b)
    {
        var aSystem = a == "System" || a.StartsWith("System.", StringComparison.Ordinal);
        var bSystem = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
        return aSystem != bSystem ? (aSystem ? -1 : 1) : string.CompareOrdinal(a, b);
    }
}
