using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Syntax primitives that take <c>this</c> out of a tuple cache key, shared by every SC0001 fix that changes the key:
/// "make the cache per-instance", "make the method static" and "hold the instance weakly".
/// <list type="bullet">
/// <item>key expressions: <c>(this, x)</c> → <c>x</c>, <c>(this, x, y)</c> → <c>(x, y)</c> (<see cref="WithoutThis(TupleExpressionSyntax, int)"/>);</item>
/// <item>key types: <c>(Foo, int)</c> → <c>int</c>, <c>(Foo Owner, int X, int Y)</c> → <c>(int X, int Y)</c> (<see cref="WithoutThis(TupleTypeSyntax, int)"/>);</item>
/// <item>element accesses on a key-typed value: <c>k.Item2</c> → <c>k</c>, <c>k.Item3</c> → <c>k.Item2</c> (<see cref="ElementAccessWithoutThis"/>).</item>
/// </list>
/// All methods are pure: they take the (possibly already rewritten) node and return its replacement with the original trivia.
/// <see cref="KeyRewritePlan"/> uses them to rewrite every key of one cache field.
/// </summary>
internal static class CacheKeyRewriter
{
    /// <summary>
    /// The position of <c>this</c> in a tuple key literal such as <c>(this, x)</c> (conversions ignored), or -1 when the
    /// key is not a tuple literal of two or more elements with exactly one element that is <c>this</c>.
    /// </summary>
    public static int FindThisElement(IOperation? key)
    {
        if (key?.WalkDownConversion() is not ITupleOperation { Syntax: TupleExpressionSyntax } tuple || tuple.Elements.Length < 2)
        {
            return -1;
        }

        var found = -1;
        for (var i = 0; i < tuple.Elements.Length; i++)
        {
            if (tuple.Elements[i].WalkDownConversion() is IInstanceReferenceOperation instance && instance.IsThis())
            {
                if (found >= 0)
                {
                    return -1; // (this, this): nothing sensible to keep
                }

                found = i;
            }
        }

        return found;
    }

    /// <summary>
    /// <c>(this, x)</c> → <c>x</c> (a single remaining element is unwrapped and loses its name);
    /// <c>(this, x, y)</c> → <c>(x, y)</c>. The result keeps the tuple's leading and trailing trivia.
    /// </summary>
    public static ExpressionSyntax WithoutThis(TupleExpressionSyntax key, int thisIndex)
    {
        var rest = key.Arguments.RemoveAt(thisIndex);
        if (rest.Count == 1)
        {
            return rest[0].Expression.WithoutTrivia().WithTriviaFrom(key);
        }

        if (thisIndex == 0)
        {
            rest = rest.Replace(rest[0], rest[0].WithLeadingTrivia(key.Arguments[0].GetLeadingTrivia()));
        }

        return key.WithArguments(rest);
    }

    /// <summary>
    /// <c>(Foo, int)</c> → <c>int</c> (a single remaining element is unwrapped and loses its name);
    /// <c>(Foo Owner, int X, int Y)</c> → <c>(int X, int Y)</c>. The result keeps the tuple type's trivia.
    /// </summary>
    public static TypeSyntax WithoutThis(TupleTypeSyntax keyType, int thisIndex)
    {
        var rest = keyType.Elements.RemoveAt(thisIndex);
        if (rest.Count == 1)
        {
            return rest[0].Type.WithoutTrivia().WithTriviaFrom(keyType);
        }

        if (thisIndex == 0)
        {
            rest = rest.Replace(rest[0], rest[0].WithLeadingTrivia(keyType.Elements[0].GetLeadingTrivia()));
        }

        return keyType.WithElements(rest);
    }

    /// <summary>
    /// Rewrites <c>k.ItemN</c> / <c>k.Name</c> on a value of the old key type (a factory's key parameter, say) so it
    /// reads the same element of the new key. <paramref name="access"/> is the member access whose expression is the key
    /// value; <paramref name="elementIndex"/> the 0-based element it reads (must not be <paramref name="thisIndex"/>:
    /// the caller decides what replaces the <c>this</c> element); <paramref name="arity"/> the old tuple's arity.
    /// With one element left the key is the element itself (<c>k.Item2</c> → <c>k</c>); otherwise <c>ItemN</c> names are
    /// renumbered and declared names kept.
    /// </summary>
    public static ExpressionSyntax ElementAccessWithoutThis(MemberAccessExpressionSyntax access, int elementIndex, int thisIndex, int arity)
    {
        if (arity == 2)
        {
            return access.Expression.WithoutTrivia().WithTriviaFrom(access);
        }

        var name = access.Name.Identifier.ValueText;
        if (name != "Item" + (elementIndex + 1))
        {
            return access; // a declared element name survives in the shorter tuple
        }

        var newIndex = elementIndex > thisIndex ? elementIndex - 1 : elementIndex;
        return access.WithName(SyntaxFactory.IdentifierName("Item" + (newIndex + 1)).WithTriviaFrom(access.Name));
    }

    /// <summary>The 0-based tuple element a field reference reads (<c>k.Item2</c> or <c>k.Id</c> → 1), or -1 when it is not a tuple element.</summary>
    public static int TupleElementIndex(IFieldSymbol field)
    {
        if (field.ContainingType is not { IsTupleType: true } tuple)
        {
            return -1;
        }

        // A named element (k.Id) and its default name (k.Item2) share the same underlying ItemN field.
        var target = field.CorrespondingTupleField ?? field;
        var elements = tuple.TupleElements;
        for (var i = 0; i < elements.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField ?? elements[i], target))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// True when <paramref name="syntax"/> spells the tuple key type <paramref name="keyType"/> (element names ignored):
    /// the nodes to pass to <see cref="WithoutThis(TupleTypeSyntax, int)"/> in a field declaration and its initializer.
    /// </summary>
    public static bool SpellsKeyType(TupleTypeSyntax syntax, SemanticModel semanticModel, ITypeSymbol keyType)
        => semanticModel.GetTypeInfo(syntax).Type is { } type && SameElementTypes(type, keyType);

    private static bool SameElementTypes(ITypeSymbol a, ITypeSymbol b)
        => a is INamedTypeSymbol { IsTupleType: true } x && b is INamedTypeSymbol { IsTupleType: true } y
            && x.TupleElements.Select(e => e.Type).SequenceEqual(y.TupleElements.Select(e => e.Type), SymbolEqualityComparer.Default);
}
