using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Builds a copy of a mutable value of the same type: <c>new List&lt;T&gt;(v)</c>, <c>v.ToArray()</c>,
/// <c>new Dictionary&lt;K, V&gt;(v, v.Comparer)</c> (the comparer kept), <c>new StringBuilder(v.ToString())</c>, … and puts
/// it where a returned expression was. When the copy reads the value twice (for its comparer) and the value is not a
/// plain name, the value goes into a local first, turning an expression body into a block if needed. Adds
/// <c>using System.Linq;</c> only when the copy needs it and it is not already in scope.
/// </summary>
internal static class MutableValueCopy
{
    private const string LinqNamespace = "System.Linq";

    /// <summary>How to copy one collection type.</summary>
    private enum CopyKind
    {
        /// <summary><c>new T(v)</c></summary>
        Constructor,

        /// <summary><c>new T(v, v.Comparer)</c></summary>
        ConstructorWithComparer,

        /// <summary><c>v.ToArray()</c> (LINQ)</summary>
        ToArray,

        /// <summary><c>new Stack&lt;T&gt;(v.Reverse())</c>: a stack enumerates top first, so it is pushed back bottom first.</summary>
        ReversedConstructor,

        /// <summary><c>new Collection&lt;T&gt;(new List&lt;T&gt;(v))</c>: Collection's constructor wraps its argument.</summary>
        WrappedListConstructor,

        /// <summary><c>new StringBuilder(v.ToString())</c></summary>
        TextConstructor,

        /// <summary><c>v.Copy()</c> (DataTable)</summary>
        CopyMethod,
    }

    /// <summary>True when a copy can be built for the returned expression at <paramref name="expression"/>.</summary>
    public static bool CanCopy(SemanticModel semanticModel, ExpressionSyntax expression, CancellationToken cancellationToken)
        => Plan(semanticModel, expression, cancellationToken) is not null;

    /// <summary>Replaces the returned <paramref name="expression"/> of <paramref name="document"/> with its copy.</summary>
    public static async Task<Document> ApplyAsync(Document document, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (Plan(editor.SemanticModel, expression, cancellationToken) is not { } plan)
        {
            return document;
        }

        var needsLinq = plan.Kind is CopyKind.ToArray or CopyKind.ReversedConstructor
                        && !IsLinqInScope(editor.SemanticModel, expression.SpanStart, plan.Type, plan.Kind == CopyKind.ToArray ? "ToArray" : "Reverse");
        Rewrite(editor, expression, plan);
        document = editor.GetChangedDocument();
        return needsLinq ? await NamespaceImports.AddAsync(document, LinqNamespace, cancellationToken).ConfigureAwait(false) : document;
    }

    /// <summary>The returned expression a diagnostic span covers.</summary>
    public static ExpressionSyntax? Find(SyntaxNode root, TextSpan target)
    {
        return root.FullSpan.Contains(target) ? root.FindNode(target, getInnermostNodeForTie: false) as ExpressionSyntax : null;
    }

    private static (ITypeSymbol Type, CopyKind Kind, bool MaybeNull)? Plan(SemanticModel semanticModel, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        var info = semanticModel.GetTypeInfo(expression, cancellationToken);
        if (info.Type is not { } type || info.ConvertedType is not { } target)
        {
            return null;
        }

        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        var kind = type switch
        {
            IArrayTypeSymbol { IsSZArray: true } => CopyKind.ToArray,
            INamedTypeSymbol named => KindOf(semanticModel.Compilation, named),
            _ => (CopyKind?)null,
        };

        // The copy must still be what the member returns (a subclass of List<T> would not be). A value the compiler
        // says may be null is copied only when it is not: `v is null ? null : new List<T>(v)`.
        return kind is { } k && semanticModel.Compilation.ClassifyConversion(type, target).IsImplicit
            ? (type, k, info.Nullability.FlowState == NullableFlowState.MaybeNull)
            : null;
    }

    private static CopyKind? KindOf(Compilation compilation, INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        bool Is(string metadataName) => SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName(metadataName));

        if (Is("System.Collections.Generic.List`1") || Is("System.Collections.Generic.Queue`1") || Is("System.Collections.Generic.LinkedList`1")
            || Is("System.Collections.ObjectModel.ObservableCollection`1") || Is("System.Collections.Concurrent.ConcurrentBag`1")
            || Is("System.Collections.Concurrent.ConcurrentQueue`1"))
        {
            return CopyKind.Constructor;
        }

        if (Is("System.Collections.Generic.Dictionary`2") || Is("System.Collections.Generic.HashSet`1") || Is("System.Collections.Generic.SortedSet`1")
            || Is("System.Collections.Generic.SortedDictionary`2") || Is("System.Collections.Concurrent.ConcurrentDictionary`2"))
        {
            return CopyKind.ConstructorWithComparer;
        }

        if (Is("System.Collections.Generic.Stack`1"))
        {
            return CopyKind.ReversedConstructor;
        }

        if (Is("System.Collections.ObjectModel.Collection`1"))
        {
            return CopyKind.WrappedListConstructor;
        }

        if (Is("System.Text.StringBuilder"))
        {
            return CopyKind.TextConstructor;
        }

        return Is("System.Data.DataTable") ? CopyKind.CopyMethod : null;
    }

    private static void Rewrite(DocumentEditor editor, ExpressionSyntax expression, (ITypeSymbol Type, CopyKind Kind, bool MaybeNull) plan)
    {
        var semanticModel = editor.SemanticModel;
        var generator = editor.Generator;
        if (plan.MaybeNull)
        {
            editor.ReplaceNode(expression, NullGuardedCopy(semanticModel, generator, expression, plan).WithTriviaFrom(expression));
            return;
        }

        var needsName = plan.Kind == CopyKind.ConstructorWithComparer && !IsPlainName(expression);
        if (!needsName)
        {
            editor.ReplaceNode(expression, Copy(expression.WithoutTrivia(), plan, semanticModel, generator).WithTriviaFrom(expression));
            return;
        }

        // new Dictionary<K, V>(v, v.Comparer) reads v twice: put a computed value into a local first.
        var name = UniqueLocalName(semanticModel, expression.SpanStart);
        var declaration = LocalDeclarationStatement(
            VariableDeclaration(IdentifierName("var"))
                .AddVariables(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(expression.WithoutTrivia()))));
        var returnStatement = ReturnStatement(Copy(IdentifierName(name), plan, semanticModel, generator));
        var block = Block(declaration, returnStatement).WithAdditionalAnnotations(Formatter.Annotation);

        switch (expression.Parent)
        {
            case ReturnStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement:
                editor.InsertBefore(statement, declaration.WithLeadingTrivia(statement.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
                editor.ReplaceNode(statement, returnStatement.WithTrailingTrivia(statement.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
                break;
            case ReturnStatementSyntax statement:
                editor.ReplaceNode(statement, block.WithTriviaFrom(statement));
                break;
            case ArrowExpressionClauseSyntax arrow:
                ReplaceArrow(editor, arrow, block);
                break;
            case LambdaExpressionSyntax lambda when lambda.ExpressionBody == expression:
                editor.ReplaceNode(lambda, lambda.WithExpressionBody(null).WithBlock(block).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }
    }

    /// <summary>
    /// <c>v is null ? null : copy(v)</c> for a plain name, <c>expr is { } cached ? copy(cached) : null</c> for anything else
    /// (evaluated once): the copy keeps the value's null, and compiles under nullable without a warning the original had not.
    /// </summary>
    private static ExpressionSyntax NullGuardedCopy(SemanticModel semanticModel, SyntaxGenerator generator, ExpressionSyntax expression, (ITypeSymbol Type, CopyKind Kind, bool MaybeNull) plan)
    {
        var value = expression.WithoutTrivia();
        var nullLiteral = LiteralExpression(SyntaxKind.NullLiteralExpression);
        if (IsPlainName(expression))
        {
            return ConditionalExpression(IsPatternExpression(value, ConstantPattern(nullLiteral)), nullLiteral, Copy(value, plan, semanticModel, generator));
        }

        var name = UniqueLocalName(semanticModel, expression.SpanStart);
        var notNull = RecursivePattern(type: null, positionalPatternClause: null, PropertyPatternClause(), SingleVariableDesignation(Identifier(name)));
        var operand = value is ConditionalExpressionSyntax or AssignmentExpressionSyntax or BinaryExpressionSyntax or LambdaExpressionSyntax ? ParenthesizedExpression(value) : value;
        return ConditionalExpression(IsPatternExpression(operand, notNull), Copy(IdentifierName(name), plan, semanticModel, generator), nullLiteral);
    }

    private static void ReplaceArrow(DocumentEditor editor, ArrowExpressionClauseSyntax arrow, BlockSyntax block)
    {
        SyntaxNode? replacement = arrow.Parent switch
        {
            MethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            LocalFunctionStatementSyntax local => local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            AccessorDeclarationSyntax accessor => accessor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            OperatorDeclarationSyntax op => op.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
            PropertyDeclarationSyntax property => property.WithExpressionBody(null).WithSemicolonToken(default)
                .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, block)))),
            IndexerDeclarationSyntax indexer => indexer.WithExpressionBody(null).WithSemicolonToken(default)
                .WithAccessorList(AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, block)))),
            _ => null,
        };

        if (replacement is not null)
        {
            editor.ReplaceNode(arrow.Parent!, replacement.WithTriviaFrom(arrow.Parent!).WithAdditionalAnnotations(Formatter.Annotation));
        }
    }

    private static ExpressionSyntax Copy(ExpressionSyntax value, (ITypeSymbol Type, CopyKind Kind, bool MaybeNull) plan, SemanticModel semanticModel, SyntaxGenerator generator)
    {
        var type = (TypeSyntax)generator.TypeExpression(plan.Type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var receiver = AsReceiver(value);

        return plan.Kind switch
        {
            CopyKind.Constructor => New(type, value),
            CopyKind.ConstructorWithComparer => New(type, value, MemberAccess(receiver, "Comparer")),
            CopyKind.ToArray => InvocationExpression(MemberAccess(receiver, "ToArray")),
            CopyKind.ReversedConstructor => New(type, InvocationExpression(MemberAccess(receiver, "Reverse"))),
            CopyKind.WrappedListConstructor => New(type, New(ListOf(generator, plan.Type, semanticModel), value)),
            CopyKind.TextConstructor => New(type, InvocationExpression(MemberAccess(receiver, "ToString"))),
            _ => InvocationExpression(MemberAccess(receiver, "Copy")),
        };
    }

    private static TypeSyntax ListOf(SyntaxGenerator generator, ITypeSymbol collectionType, SemanticModel semanticModel)
    {
        var list = semanticModel.Compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!
            .Construct(((INamedTypeSymbol)collectionType).TypeArguments[0]);
        return (TypeSyntax)generator.TypeExpression(list).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    private static ObjectCreationExpressionSyntax New(TypeSyntax type, params ExpressionSyntax[] arguments)
        => ObjectCreationExpression(type).WithArgumentList(ArgumentList(SeparatedList(arguments.Select(Argument))));

    private static MemberAccessExpressionSyntax MemberAccess(ExpressionSyntax receiver, string name)
        => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName(name));

    /// <summary>A value that can stand before <c>.Member</c> as it is; anything else goes in parentheses.</summary>
    private static ExpressionSyntax AsReceiver(ExpressionSyntax value) => value switch
    {
        IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or ThisExpressionSyntax or ParenthesizedExpressionSyntax => value,
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } => value,
        _ => ParenthesizedExpression(value),
    };

    /// <summary>A name that reads the same value twice without side effects: <c>v</c>, <c>_field</c>, <c>this.x</c>, <c>v!</c>.</summary>
    private static bool IsPlainName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlainName(access.Expression),
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed => IsPlainName(suppressed.Operand),
        ParenthesizedExpressionSyntax parenthesized => IsPlainName(parenthesized.Expression),
        _ => false,
    };

    private static string UniqueLocalName(SemanticModel semanticModel, int position)
    {
        for (var i = 0; ; i++)
        {
            var name = i == 0 ? "cached" : "cached" + i.ToString(CultureInfo.InvariantCulture);
            if (semanticModel.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }
    }

    /// <summary>True when <c>System.Linq</c>'s <paramref name="method"/> can be called on <paramref name="receiverType"/> at <paramref name="position"/>.</summary>
    private static bool IsLinqInScope(SemanticModel semanticModel, int position, ITypeSymbol receiverType, string method)
    {
        var enumerable = semanticModel.Compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        foreach (var symbol in semanticModel.LookupSymbols(position, receiverType, method, includeReducedExtensionMethods: true))
        {
            if (symbol is IMethodSymbol { IsExtensionMethod: true } extension
                && SymbolEqualityComparer.Default.Equals(extension.ContainingType, enumerable))
            {
                return true;
            }
        }

        return false;
    }
}
