using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Host;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.HoldInstanceWeakly;

/// <summary>One use of the cache field and what it becomes; a null <see cref="Replacement"/> means "unchanged".</summary>
internal sealed class AccessRewrite
{
    public AccessRewrite(SyntaxNode original, SyntaxNode? replacement)
    {
        Original = original;
        Replacement = replacement;
    }

    public SyntaxNode Original { get; }

    public SyntaxNode? Replacement { get; }
}

/// <summary>
/// Rewrites one use of a <c>(this, …)</c>-keyed cache to the <c>WeakLruCache</c> API, or says it cannot:
/// <list type="bullet">
/// <item><c>GetOrAdd((this, x), k =&gt; …)</c> → <c>GetOrAdd(this, x, (self, k) =&gt; …)</c>, the factory using <c>self</c> instead of <c>this</c>;</item>
/// <item><c>TryGetValue((this, x), out v)</c> → <c>TryGetValue(this, x, out v)</c>; <c>ContainsKey((this, x))</c> → <c>TryGetValue(this, x, out _)</c>;</item>
/// <item>the write after a missed lookup, <c>s_cache[(this, x)] = v;</c> / <c>Add</c> / <c>TryAdd</c>, as a statement storing a local,
/// parameter or constant → <c>GetOrAdd(this, x, (_, _) =&gt; v);</c> (the entry is absent there, so both store <c>v</c>);</item>
/// <item><c>Clear()</c> stays as it is.</item>
/// </list>
/// Everything else (indexer reads, <c>Remove</c>, <c>Count</c>, enumeration, value overloads that evaluate eagerly, passing
/// the field around) has no faithful <c>WeakLruCache</c> equivalent: the fix is not offered.
/// </summary>
internal static class AccessRewriter
{
    private const string GetOrAddName = "GetOrAdd";
    private const string TryGetValueName = "TryGetValue";

    public static AccessRewrite? TryRewrite(
        CacheModel model,
        SemanticModel semanticModel,
        CacheAccess access,
        ref int? ownerIndex,
        SolutionServices services,
        CancellationToken cancellationToken)
    {
        if (access.Kind == CacheAccessKind.Shrink)
        {
            return KeepsMeaning(model, access) ? new AccessRewrite(access.Operation.Syntax, replacement: null) : null;
        }

        if (access.Key is null || SplitKey(model, access.Key, ref ownerIndex) is not { } key)
        {
            return null;
        }

        return access.Kind switch
        {
            CacheAccessKind.GetOrAdd => RewriteGetOrAdd(model, semanticModel, access, key, services, cancellationToken),
            CacheAccessKind.Read => RewriteTryGetValue(access, key),
            CacheAccessKind.Probe => RewriteContainsKey(access, key),
            CacheAccessKind.Write => RewriteMemoWrite(model, access, key),
            _ => null,
        };
    }

    /// <summary>The key <c>(this, rest…)</c> split into its owner (<c>this</c>), the rest and the position of <c>this</c>.</summary>
    private sealed class SplitTupleKey
    {
        public SplitTupleKey(ExpressionSyntax owner, ExpressionSyntax rest, int ownerIndex, INamedTypeSymbol keyType)
        {
            Owner = owner;
            Rest = rest;
            OwnerIndex = ownerIndex;
            KeyType = keyType;
        }

        public ExpressionSyntax Owner { get; }

        public ExpressionSyntax Rest { get; }

        public int OwnerIndex { get; }

        public INamedTypeSymbol KeyType { get; }

        public ITypeSymbol OwnerType => KeyType.TupleElements[OwnerIndex].Type;
    }

    private static SplitTupleKey? SplitKey(CacheModel model, IOperation key, ref int? ownerIndex)
    {
        if (key.WalkDownConversion() is not ITupleOperation { Syntax: TupleExpressionSyntax syntax } tuple
            || key.Type is not INamedTypeSymbol { IsTupleType: true } keyType
            || keyType.TupleElements.Length != tuple.Elements.Length
            || syntax.Arguments.Count != tuple.Elements.Length)
        {
            return null;
        }

        var thisIndex = CacheKeyRewriter.FindThisElement(key);
        if (thisIndex < 0 || tuple.Elements[thisIndex].WalkDownConversion().Syntax is not ThisExpressionSyntax)
        {
            return null;
        }

        for (var i = 0; i < tuple.Elements.Length; i++)
        {
            if (i != thisIndex && model.ThisCapture.Find(tuple.Elements[i]) is not null)
            {
                return null; // the rest of the key would still hold 'this' strongly
            }
        }

        var index = thisIndex;
        if ((ownerIndex is { } expected && expected != index)
            || !keyType.TupleElements[index].Type.IsReferenceType)
        {
            return null;
        }

        ownerIndex = index;
        return new SplitTupleKey(syntax.Arguments[index].Expression, CacheKeyRewriter.WithoutThis(syntax, index), index, keyType);
    }

    private static AccessRewrite? RewriteGetOrAdd(CacheModel model, SemanticModel semanticModel, CacheAccess access, SplitTupleKey key, SolutionServices services, CancellationToken cancellationToken)
    {
        // GetOrAdd(key, Func<TKey, TValue>) only: the value overload evaluates eagerly, AddOrUpdate also updates.
        if (access.Operation is not IInvocationOperation { Instance: not null, Syntax: InvocationExpressionSyntax syntax } invocation
            || invocation.Arguments.Length != 2
            || access.Factories.Length != 1
            || !access.Values.IsEmpty
            || invocation.TargetMethod.Parameters[1].Type is not INamedTypeSymbol { DelegateInvokeMethod.Parameters.Length: 1 }
            || !IsPositional(syntax.ArgumentList)
            || access.Factories[0].WalkDownConversion() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            || lambda.Syntax is not LambdaExpressionSyntax lambdaSyntax)
        {
            return null;
        }

        var factory = FactoryRewriter.TryRewrite(model, semanticModel, lambda, lambdaSyntax, key.KeyType, key.OwnerIndex, services, cancellationToken);
        if (factory is null)
        {
            return null;
        }

        var arguments = syntax.ArgumentList.Arguments;
        var newArguments = SeparatedList(
            new[] { OwnerArgument(key, arguments[0]), Argument(key.Rest), arguments[1].WithExpression(factory) },
            new[] { CommaSpace(), arguments.GetSeparator(0) });
        return new AccessRewrite(syntax, syntax.WithArgumentList(syntax.ArgumentList.WithArguments(newArguments)));
    }

    private static AccessRewrite? RewriteTryGetValue(CacheAccess access, SplitTupleKey key)
    {
        if (access.Operation is not IInvocationOperation { Instance: not null, Syntax: InvocationExpressionSyntax syntax } invocation
            || invocation.Arguments.Length != 2
            || invocation.TargetMethod.Parameters[1].RefKind != RefKind.Out
            || !IsPositional(syntax.ArgumentList))
        {
            return null;
        }

        var arguments = syntax.ArgumentList.Arguments;
        var newArguments = SeparatedList(
            new[] { OwnerArgument(key, arguments[0]), Argument(key.Rest), arguments[1] },
            new[] { CommaSpace(), arguments.GetSeparator(0) });
        return new AccessRewrite(syntax, syntax.WithArgumentList(syntax.ArgumentList.WithArguments(newArguments)));
    }

    private static AccessRewrite? RewriteContainsKey(CacheAccess access, SplitTupleKey key)
    {
        if (access.Operation is not IInvocationOperation { Instance: not null, Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } syntax } invocation
            || invocation.Arguments.Length != 1
            || invocation.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean
            || !IsPositional(syntax.ArgumentList))
        {
            return null;
        }

        var discard = Argument(IdentifierName(Discard())).WithRefKindKeyword(Token(SyntaxKind.OutKeyword).WithTrailingTrivia(Space));
        var newArguments = SeparatedList(
            new[] { OwnerArgument(key, syntax.ArgumentList.Arguments[0]), Argument(key.Rest), discard },
            new[] { CommaSpace(), CommaSpace() });
        return new AccessRewrite(
            syntax,
            syntax.WithExpression(member.WithName(IdentifierName(TryGetValueName).WithTriviaFrom(member.Name)))
                .WithArgumentList(syntax.ArgumentList.WithArguments(newArguments)));
    }

    /// <summary>
    /// The write of a memo pattern, used as a statement: after the missed lookup the entry is absent, so storing through
    /// <c>GetOrAdd</c> stores the same value. Only values without side effects (locals, parameters, constants) are moved
    /// into the factory, so nothing is evaluated later or fewer times than before.
    /// </summary>
    private static AccessRewrite? RewriteMemoWrite(CacheModel model, CacheAccess access, SplitTupleKey key)
    {
        if (access.Operation.Parent is not IExpressionStatementOperation
            || access.Values.Length != 1
            || !IsSideEffectFree(access.Values[0])
            || !model.IsMemoWrite(access)
            || access.Values[0].Syntax is not ExpressionSyntax value)
        {
            return null;
        }

        ExpressionSyntax receiver;
        switch (access.Operation)
        {
            case ISimpleAssignmentOperation { Syntax: AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element } }:
                receiver = element.Expression;
                break;
            case IInvocationOperation { Instance: not null, Arguments.Length: 2, Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } syntax }
                when IsPositional(syntax.ArgumentList):
                receiver = member.Expression;
                break;
            default:
                return null;
        }

        // Two '_' parameters are discards from C# 9 on; before that they would be duplicate names.
        var languageVersion = ((CSharpParseOptions)access.Operation.Syntax.SyntaxTree.Options).LanguageVersion;
        var secondDiscard = languageVersion >= LanguageVersion.CSharp9 ? Discard() : Identifier("__");
        var factory = ParenthesizedLambdaExpression(
            ParameterList(SeparatedList(new[] { Parameter(Discard()), Parameter(secondDiscard) }, new[] { CommaSpace() })),
            value.WithoutTrivia())
            .WithArrowToken(Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space));
        var replacement = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), IdentifierName(GetOrAddName)),
                ArgumentList(SeparatedList(
                    new[] { Argument(key.Owner.WithoutTrivia()), Argument(key.Rest), Argument(factory) },
                    new[] { CommaSpace(), CommaSpace() })))
            .WithTriviaFrom(access.Operation.Syntax);
        return new AccessRewrite(access.Operation.Syntax, replacement);
    }

    /// <summary><c>Clear()</c>: the runtime type has a parameterless method of the same name and result.</summary>
    private static bool KeepsMeaning(CacheModel model, CacheAccess access)
    {
        if (access.Operation is not IInvocationOperation { Instance: not null, Arguments.Length: 0 } invocation
            || model.Compilation.GetWellKnownType(WellKnownTypeNames.WeakLruCache) is not { } weakCache)
        {
            return false;
        }

        return weakCache.GetMembers(invocation.TargetMethod.Name).OfType<IMethodSymbol>().Any(m =>
            m is { IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.IsEmpty: true, ReturnsVoid: true }
            && invocation.TargetMethod.ReturnsVoid);
    }

    private static bool IsSideEffectFree(IOperation value)
        => value.WalkDownConversion() is ILocalReferenceOperation or IParameterReferenceOperation || value.ConstantValue.HasValue;

    private static bool IsPositional(ArgumentListSyntax arguments) => arguments.Arguments.All(a => a.NameColon is null);

    private static ArgumentSyntax OwnerArgument(SplitTupleKey key, ArgumentSyntax original)
        => Argument(key.Owner.WithoutTrivia()).WithLeadingTrivia(original.GetLeadingTrivia());

    /// <summary>An '_' token as the parser makes it: its contextual kind is what makes the compiler treat it as a discard.</summary>
    private static SyntaxToken Discard() => Identifier(default, SyntaxKind.UnderscoreToken, "_", "_", default);

    private static SyntaxToken CommaSpace() => Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space);
}
