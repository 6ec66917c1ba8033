using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.MakeKeyImmutable;

/// <summary>
/// Makes the hashed members of a key type unchangeable after construction: <c>set</c> becomes <c>init</c> and fields
/// become <c>readonly</c>. Offered only when every write to them is one the new form still allows: in a constructor of
/// the type through <c>this</c>, or (for properties) in an object initializer or a <c>with</c> expression.
/// </summary>
internal static class ImmutableKeyPlan
{
    /// <summary>The declaration node to rewrite for <paramref name="member"/>, or null when the fix cannot make it immutable safely.</summary>
    public static async Task<SyntaxNode?> TryGetEditAsync(ISymbol member, Solution solution, CancellationToken cancellationToken)
    {
        SyntaxNode? target;
        switch (member)
        {
            case IPropertySymbol { SetMethod: { IsInitOnly: false } setter } property
                when property.DeclaringSyntaxReferences.Length == 1
                     && await setter.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is AccessorDeclarationSyntax accessor
                     && accessor.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp9 }:
                target = accessor;
                break;
            case IFieldSymbol { IsReadOnly: false, IsConst: false, IsStatic: false } field
                when field.DeclaringSyntaxReferences.Length == 1
                     && await field.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is VariableDeclaratorSyntax
                     {
                         Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax declaration },
                     }:
                target = declaration;
                break;
            default:
                return null;
        }

        // Only writes can veto, so only where the member can be written is searched (a private setter: its type).
        var writable = member is IPropertySymbol { SetMethod: { } set } ? set.DeclaredAccessibility : member.DeclaredAccessibility;
        var scope = ReferenceScope.For(member.ContainingType, writable, solution);
        var references = await SymbolFinder.FindReferencesAsync(member, solution, scope, cancellationToken).ConfigureAwait(false);
        foreach (var reference in references)
        {
            foreach (var location in reference.Locations)
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                    || IsWrite(node, out var written) && !IsAllowedWrite(written, member))
                {
                    return null;
                }
            }
        }

        return target;
    }

    /// <summary>The rewritten declaration: <c>set</c> → <c>init</c>, or <c>readonly</c> added to the field's modifiers.</summary>
    public static SyntaxNode Apply(SyntaxNode rewritten, SyntaxGenerator generator)
    {
        switch (rewritten)
        {
            case AccessorDeclarationSyntax accessor:
                var keyword = Token(accessor.Keyword.LeadingTrivia, SyntaxKind.InitKeyword, accessor.Keyword.TrailingTrivia);
                return AccessorDeclaration(SyntaxKind.InitAccessorDeclaration, accessor.AttributeLists, accessor.Modifiers, keyword, accessor.Body, accessor.ExpressionBody, accessor.SemicolonToken);
            case FieldDeclarationSyntax field:
                return ModifierEdit.WithReadOnly(generator, field);
            default:
                return rewritten;
        }
    }

    /// <summary>The reference is assigned, incremented or passed by <c>ref</c>/<c>out</c>; <paramref name="written"/> is the assigned expression.</summary>
    private static bool IsWrite(SyntaxNode reference, out ExpressionSyntax written)
    {
        written = reference as ExpressionSyntax ?? (ExpressionSyntax)reference.Parent!;
        if (written.Parent is MemberAccessExpressionSyntax access && access.Name == written)
        {
            written = access;
        }

        return written.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == written,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword),
            RefExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>
    /// Writes the immutable form still allows: a plain assignment in a constructor of the member's type, through
    /// <c>this</c> and outside lambdas; for properties also an object initializer or a <c>with</c> expression.
    /// </summary>
    private static bool IsAllowedWrite(ExpressionSyntax written, ISymbol member)
    {
        if (written.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment)
        {
            return false;
        }

        if (member is IPropertySymbol && assignment.Parent is InitializerExpressionSyntax initializer
            && (initializer.IsKind(SyntaxKind.ObjectInitializerExpression) || initializer.Parent is WithExpressionSyntax))
        {
            return written is IdentifierNameSyntax;
        }

        if (written is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax })
        {
            return false;
        }

        foreach (var ancestor in assignment.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case ConstructorDeclarationSyntax { Parent: TypeDeclarationSyntax type } constructor:
                    return !constructor.Modifiers.Any(SyntaxKind.StaticKeyword) && IsDeclarationOf(type, member.ContainingType);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool IsDeclarationOf(TypeDeclarationSyntax declaration, INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Distinct edits, one per declaration node.</summary>
    public static List<SyntaxNode> Distinct(IEnumerable<SyntaxNode> nodes)
    {
        var result = new List<SyntaxNode>();
        foreach (var node in nodes)
        {
            if (!result.Contains(node))
            {
                result.Add(node);
            }
        }

        return result;
    }
}
