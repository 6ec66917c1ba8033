using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Host;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.HoldInstanceWeakly;

/// <summary>
/// Turns the factory of <c>GetOrAdd((this, x), k =&gt; …)</c> into the <c>WeakLruCache</c> factory <c>(self, k) =&gt; …</c>
/// that no longer captures <c>this</c>: explicit and implicit uses of <c>this</c> become <c>self</c>, and element reads of the
/// old tuple key become <c>self</c> (the owner) or the new key. Returns null when that would change what the code means:
/// <c>base.</c> calls, <c>this</c> of another type than the owner, the old key used as a whole, or a local function or local
/// declared outside the factory that holds <c>this</c> (the factory would still capture it).
/// </summary>
internal static class FactoryRewriter
{
    private static readonly string[] OwnerNames = { "self", "owner", "instance" };

    public static LambdaExpressionSyntax? TryRewrite(
        CacheModel model,
        SemanticModel semanticModel,
        IAnonymousFunctionOperation lambda,
        LambdaExpressionSyntax syntax,
        INamedTypeSymbol keyType,
        int ownerIndex,
        SolutionServices services,
        CancellationToken cancellationToken)
    {
        if (lambda.Symbol.Parameters.Length != 1 || KeyParameter(syntax) is not { } keyParameter
            || keyParameter.AttributeLists.Count > 0 || keyParameter.Modifiers.Count > 0)
        {
            return null;
        }

        var ownerName = ChooseOwnerName(semanticModel, syntax, keyParameter.Identifier.ValueText);
        var ownerType = keyType.TupleElements[ownerIndex].Type;
        // An editor over the lambda alone: each edit sees the node with its inner edits applied.
        var editor = new SyntaxEditor(syntax, services);

        foreach (var operation in lambda.Body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case IInstanceReferenceOperation instance when instance.IsThis():
                    if (!SymbolEqualityComparer.Default.Equals(instance.Type, ownerType) || !AddOwnerUse(instance, ownerName, editor))
                    {
                        return null;
                    }

                    break;

                case IParameterReferenceOperation parameter when SymbolEqualityComparer.Default.Equals(parameter.Parameter, lambda.Symbol.Parameters[0]):
                    if (ElementIndex(parameter) is not { } index || parameter.Parent!.Syntax is not MemberAccessExpressionSyntax elementRead)
                    {
                        return null; // the old key used as a whole no longer exists
                    }

                    var arity = keyType.TupleElements.Length;
                    editor.ReplaceNode(elementRead, index == ownerIndex
                        ? (current, _) => IdentifierName(ownerName).WithTriviaFrom(current)
                        : (current, _) => CacheKeyRewriter.ElementAccessWithoutThis((MemberAccessExpressionSyntax)current, index, ownerIndex, arity));
                    break;

                case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction, IsStatic: false } function }
                    when !IsDeclaredInside(function, syntax):
                    return null;
                case IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction, IsStatic: false } function }
                    when !IsDeclaredInside(function, syntax):
                    return null;
                case ILocalReferenceOperation local when !IsDeclaredInside(local.Local, syntax) && model.ThisCapture.Find(local) is not null:
                    return null;
            }
        }

        var rewritten = editor.GetChangedRoot();
        var parameters = ParameterList(SeparatedList(
            new[] { Parameter(Identifier(ownerName)), Parameter(keyParameter.Identifier.WithoutTrivia()) },
            new[] { Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space) }));

        return rewritten switch
        {
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithParameterList(parameters.WithTriviaFrom(parenthesized.ParameterList)),
            SimpleLambdaExpressionSyntax simple => ParenthesizedLambdaExpression(
                simple.AttributeLists,
                simple.Modifiers,
                returnType: null,
                parameters.WithTriviaFrom(simple.Parameter),
                simple.ArrowToken,
                simple.Block,
                simple.ExpressionBody),
            _ => null,
        };
    }

    private static ParameterSyntax? KeyParameter(LambdaExpressionSyntax syntax) => syntax switch
    {
        SimpleLambdaExpressionSyntax simple => simple.Parameter,
        ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0],
        _ => null,
    };

    /// <summary>
    /// <c>this</c> → <c>self</c>; an implicit receiver (<c>Compute(x)</c>, <c>_field</c>) → <c>self.Compute(x)</c>, <c>self._field</c>.
    /// <c>base.</c> cannot be expressed through <c>self</c> (it would call the override), so it is refused.
    /// </summary>
    private static bool AddOwnerUse(IInstanceReferenceOperation instance, string ownerName, SyntaxEditor editor)
    {
        if (!instance.IsImplicit)
        {
            if (instance.Syntax is not ThisExpressionSyntax explicitThis)
            {
                return false;
            }

            editor.ReplaceNode(explicitThis, (current, _) => IdentifierName(ownerName).WithTriviaFrom(current));
            return true;
        }

        var name = instance.Parent?.Syntax switch
        {
            SimpleNameSyntax simpleName => simpleName,
            InvocationExpressionSyntax { Expression: SimpleNameSyntax invoked } => invoked,
            _ => null,
        };
        if (name is null)
        {
            return false;
        }

        editor.ReplaceNode(name, (current, _) => MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                IdentifierName(ownerName),
                (SimpleNameSyntax)current.WithoutTrivia())
            .WithTriviaFrom(current));
        return true;
    }

    /// <summary>The tuple element a read of the old key parameter selects (<c>k.Item2</c>, <c>k.Id</c>), or null for any other use.</summary>
    private static int? ElementIndex(IParameterReferenceOperation parameter)
    {
        if (parameter.Parent is not IFieldReferenceOperation element
            || element.Instance != parameter
            || IsWritten(element))
        {
            return null;
        }

        var index = CacheKeyRewriter.TupleElementIndex(element.Field);
        return index < 0 ? null : index;
    }

    private static bool IsWritten(IOperation operation) => operation.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == operation,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
        _ => false,
    };

    private static bool IsDeclaredInside(ISymbol symbol, SyntaxNode container)
        => symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == container.SyntaxTree && container.Span.Contains(r.Span));

    /// <summary>A parameter name for the owner that nothing in scope or inside the factory uses.</summary>
    private static string ChooseOwnerName(SemanticModel semanticModel, LambdaExpressionSyntax syntax, string keyName)
    {
        var usedInside = new HashSet<string>(
            syntax.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText),
            StringComparer.Ordinal) { keyName };
        bool IsFree(string name) => !usedInside.Contains(name) && semanticModel.LookupSymbols(syntax.SpanStart, name: name).IsEmpty;

        foreach (var name in OwnerNames)
        {
            if (IsFree(name))
            {
                return name;
            }
        }

        for (var i = 2; ; i++)
        {
            var name = OwnerNames[0] + i.ToString(CultureInfo.InvariantCulture);
            if (IsFree(name))
            {
                return name;
            }
        }
    }

}
