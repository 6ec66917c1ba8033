using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// <c>global::SafeCache.X&lt;…&gt;</c> for a runtime type a fix introduces: fully qualified so it binds wherever it lands,
/// marked so the simplifier shortens it to <c>X&lt;…&gt;</c> once <c>using SafeCache;</c> is added the user's way.
/// </summary>
internal static class SafeCacheTypeSyntax
{
    public static NameSyntax Generic(string name, params TypeSyntax[] typeArguments)
        => Generic(name, TypeArgumentList(SeparatedList(typeArguments)));

    public static NameSyntax Generic(string name, TypeArgumentListSyntax typeArguments)
        => QualifiedName(
                AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName("SafeCache")),
                GenericName(Identifier(name), typeArguments))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation);
}
