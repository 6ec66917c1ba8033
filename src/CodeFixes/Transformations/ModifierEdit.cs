using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// <see cref="SyntaxGenerator.WithModifiers"/> with the declaration's indentation and comments kept where they were: the
/// leading trivia is set aside while the modifiers change (Roslyn 4.8 leaves a blank line when it adds the first modifier).
/// </summary>
internal static class ModifierEdit
{
    public static SyntaxNode With(SyntaxGenerator generator, SyntaxNode declaration, DeclarationModifiers modifiers)
        => generator.WithModifiers(declaration.WithoutLeadingTrivia(), modifiers).WithLeadingTrivia(declaration.GetLeadingTrivia());

    public static SyntaxNode WithStatic(SyntaxGenerator generator, SyntaxNode declaration, bool isStatic)
        => With(generator, declaration, generator.GetModifiers(declaration).WithIsStatic(isStatic));

    public static SyntaxNode WithReadOnly(SyntaxGenerator generator, SyntaxNode declaration)
        => With(generator, declaration, generator.GetModifiers(declaration).WithIsReadOnly(true));
}
