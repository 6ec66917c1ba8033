using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// The declaration a whole-field fix may rewrite: a private, non-const field declared alone
/// (<c>private static Dictionary&lt;K, V&gt; s_cache = new();</c>), so every use is inside its type and changing the
/// declaration touches no other variable.
/// </summary>
internal static class LoneCacheField
{
    public static VariableDeclaratorSyntax? TryGetDeclarator(IFieldSymbol field, CancellationToken cancellationToken)
        => !field.IsConst && field.DeclaredAccessibility == Accessibility.Private
            && field.DeclaringSyntaxReferences.Length == 1
            && field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax
            {
                Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax },
            } declarator
            ? declarator
            : null;

    /// <summary>The declaration around a declarator <see cref="TryGetDeclarator"/> returned.</summary>
    public static VariableDeclarationSyntax Declaration(VariableDeclaratorSyntax declarator) => (VariableDeclarationSyntax)declarator.Parent!;

    /// <inheritdoc cref="Declaration"/>
    public static FieldDeclarationSyntax FieldDeclaration(VariableDeclaratorSyntax declarator) => (FieldDeclarationSyntax)declarator.Parent!.Parent!;
}
