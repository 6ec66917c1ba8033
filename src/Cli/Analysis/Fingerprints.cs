using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeCache.Cli.Analysis;

/// <summary>
/// A finding's identity for baselines: the rule, the flagged code with whitespace and comments removed, and the
/// member and type it sits in. Line numbers are left out so unrelated edits above a finding do not resurrect it.
/// </summary>
internal static class Fingerprints
{
    public static string Of(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree;
        if (tree is null)
        {
            return Hash(diagnostic.Id + "|" + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        var root = tree.GetRoot();
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var builder = new StringBuilder(diagnostic.Id).Append('|');
        foreach (var token in node.DescendantTokens())
        {
            if (token.Span.IntersectsWith(diagnostic.Location.SourceSpan))
            {
                builder.Append(token.Text).Append(' ');
            }
        }

        builder.Append('|').Append(Container(node));
        return Hash(builder.ToString());
    }

    // "Namespace.Type.Member": moving code between members or types is a new finding; moving it within one is not.
    private static string Container(SyntaxNode node)
    {
        var builder = new StringBuilder();
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            var name = ancestor switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                PropertyDeclarationSyntax property => property.Identifier.ValueText,
                ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText + ".ctor",
                BaseNamespaceDeclarationSyntax ns => ns.Name.ToString(),
                VariableDeclaratorSyntax variable when ancestor.Parent?.Parent is FieldDeclarationSyntax => variable.Identifier.ValueText,
                _ => null,
            };
            if (name is not null)
            {
                builder.Insert(0, name + ".");
            }
        }

        return builder.ToString();
    }

    private static string Hash(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(bytes, 0, 12).ToLowerInvariant();
    }
}
