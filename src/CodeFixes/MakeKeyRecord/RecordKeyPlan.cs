using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.MakeKeyRecord;

/// <summary>
/// Turns a plain key class into a record so it compares by value: <c>sealed class PlanKey { … }</c> becomes
/// <c>sealed record class PlanKey { … }</c>. Offered only for a data holder the change cannot break: one non-partial
/// declaration, base <c>object</c>, no derived classes, only fields, properties and constructors, none of them settable
/// after construction (a record would hash them: see SC0004's second shape), not static or abstract.
/// </summary>
internal static class RecordKeyPlan
{
    /// <summary>The key class created by the key expression at <paramref name="keySyntax"/> (or by a part of a tuple key).</summary>
    public static INamedTypeSymbol? FindKeyClass(SemanticModel semanticModel, SyntaxNode keySyntax, CancellationToken cancellationToken)
        => semanticModel.GetOperation(keySyntax, cancellationToken) is { } operation ? FindCreatedClass(operation.WalkDownConversion()) : null;

    /// <summary>The declaration to rewrite, or null when the class is not a plain data holder the fix can safely turn into a record.</summary>
    public static async Task<ClassDeclarationSyntax?> TryGetDeclarationAsync(INamedTypeSymbol type, Solution solution, CancellationToken cancellationToken)
    {
        if (type is not { TypeKind: TypeKind.Class, IsRecord: false, IsStatic: false, IsAbstract: false, IsGenericType: false }
            || type.BaseType?.SpecialType != SpecialType.System_Object
            || type.DeclaringSyntaxReferences.Length != 1
            || await type.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not ClassDeclarationSyntax declaration
            || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
            || declaration.BaseList is not null
            || declaration.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp9 })
        {
            return null;
        }

        foreach (var member in type.GetMembers())
        {
            var plain = member switch
            {
                IFieldSymbol field => field.IsImplicitlyDeclared || field.IsStatic || field.IsReadOnly || field.IsConst,
                IPropertySymbol property => property.IsStatic || property.SetMethod is null or { IsInitOnly: true },
                IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => true,
                IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet } => true,
                _ => false,
            };
            if (!plain)
            {
                return null;
            }
        }

        var derived = await SymbolFinder.FindDerivedClassesAsync(type, solution, transitive: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var unused in derived)
        {
            return null;
        }

        return declaration;
    }

    /// <summary><c>class</c> → <c>sealed record class</c> (<c>sealed record</c> before C# 10); members and trivia untouched.</summary>
    public static RecordDeclarationSyntax Apply(ClassDeclarationSyntax declaration)
    {
        var classKeyword = declaration.Keyword;
        var modifiers = declaration.Modifiers;
        var recordKeyword = Token(classKeyword.LeadingTrivia, SyntaxKind.RecordKeyword, TriviaList(Space));
        if (!modifiers.Any(SyntaxKind.SealedKeyword))
        {
            var sealedKeyword = Token(TriviaList(), SyntaxKind.SealedKeyword, TriviaList(Space));
            if (modifiers.Count == 0)
            {
                sealedKeyword = sealedKeyword.WithLeadingTrivia(classKeyword.LeadingTrivia);
                recordKeyword = recordKeyword.WithLeadingTrivia();
            }

            modifiers = modifiers.Add(sealedKeyword);
        }

        var useRecordClass = declaration.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp10 };
        var keyword = useRecordClass ? recordKeyword : recordKeyword.WithTrailingTrivia(classKeyword.TrailingTrivia);
        var classOrStruct = useRecordClass ? classKeyword.WithLeadingTrivia() : default;

        return RecordDeclaration(
                SyntaxKind.RecordDeclaration,
                declaration.AttributeLists,
                modifiers,
                keyword,
                classOrStruct,
                declaration.Identifier,
                declaration.TypeParameterList,
                parameterList: null,
                declaration.BaseList,
                declaration.ConstraintClauses,
                declaration.OpenBraceToken,
                declaration.Members,
                declaration.CloseBraceToken,
                declaration.SemicolonToken);
    }

    private static INamedTypeSymbol? FindCreatedClass(IOperation value)
    {
        switch (value)
        {
            case IObjectCreationOperation { Type: INamedTypeSymbol { TypeKind: TypeKind.Class } created }:
                return created;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    if (FindCreatedClass(element.WalkDownConversion()) is { } part)
                    {
                        return part;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
