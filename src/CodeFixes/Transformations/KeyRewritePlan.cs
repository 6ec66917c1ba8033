using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// Everything to rewrite to take <c>this</c> out of the <c>(this, rest…)</c> keys of one cache field: every key literal
/// of every access, the key type in the field's declaration and initializer, and the uses of a factory's key parameter.
/// Built by <see cref="TryCreate"/>, which refuses (returns false) whenever one use cannot be rewritten faithfully.
/// </summary>
internal sealed class KeyRewritePlan
{
    private readonly List<TupleExpressionSyntax> _keys = new();
    private readonly List<TupleTypeSyntax> _keyTypes = new();
    private readonly List<(MemberAccessExpressionSyntax Access, int Element)> _elementReads = new();

    private KeyRewritePlan(int thisIndex, int arity)
    {
        ThisIndex = thisIndex;
        Arity = arity;
    }

    /// <summary>Position of <c>this</c> in every key.</summary>
    public int ThisIndex { get; }

    /// <summary>Number of elements of the old keys.</summary>
    public int Arity { get; }

    /// <summary>The accesses whose key held <c>this</c>.</summary>
    public ImmutableArray<CacheFieldUse> KeyedUses { get; private set; } = ImmutableArray<CacheFieldUse>.Empty;

    /// <summary>
    /// Plans the key rewrite. <paramref name="plan"/> is null (and the result true) when no key holds <c>this</c>: nothing
    /// to do. The result is false when some key holds <c>this</c> in a shape that cannot be rewritten: a key that is
    /// <c>this</c> alone, <c>new Key(this, x)</c>, a local, keys with <c>this</c> at different positions, a use of the field
    /// that depends on the key type (<c>s_cache.Keys</c>), a factory that passes its key on whole.
    /// With <paramref name="thisMayReplaceElement"/>, a factory's read of the <c>this</c> element (<c>k.Item1</c>) becomes <c>this</c>.
    /// </summary>
    public static bool TryCreate(
        IFieldSymbol field,
        CacheType cacheType,
        ImmutableArray<CacheFieldUse> uses,
        ThisCapture thisCapture,
        bool thisMayReplaceElement,
        CancellationToken cancellationToken,
        out KeyRewritePlan? plan)
    {
        plan = null;
        var keyed = uses.Where(u => u.Access?.Key is { } key && thisCapture.Find(key) is not null).ToImmutableArray();
        if (keyed.IsEmpty)
        {
            return true;
        }

        // Every use must be an access whose key we rewrite, or an access without key (Clear).
        var thisIndex = CacheKeyRewriter.FindThisElement(keyed[0].Access!.Key);
        if (thisIndex < 0 || uses.Any(u => u.Access is null || (u.Access.Key is not null && CacheKeyRewriter.FindThisElement(u.Access.Key) != thisIndex)))
        {
            return false;
        }

        var arity = ((TupleExpressionSyntax)keyed[0].Access!.Key!.WalkDownConversion().Syntax).Arguments.Count;
        var result = new KeyRewritePlan(thisIndex, arity) { KeyedUses = keyed };
        foreach (var use in keyed)
        {
            var tuple = (TupleExpressionSyntax)use.Access!.Key!.WalkDownConversion().Syntax;
            if (tuple.Arguments.Count != arity)
            {
                return false;
            }

            result._keys.Add(tuple);
            if (!result.TryAddFactoryParameters(use, cacheType.KeyType, thisMayReplaceElement))
            {
                return false;
            }
        }

        if (!result.TryAddKeyTypes(field, cacheType, cancellationToken))
        {
            return false;
        }

        plan = result;
        return true;
    }

    /// <summary>
    /// Registers the replacements in <paramref name="edits"/>: keys and key types lose their <c>this</c> element, and a
    /// factory's read of the <c>this</c> element becomes <c>this</c>.
    /// </summary>
    public void AddEdits(SyntaxEditSet edits)
    {
        foreach (var key in _keys)
        {
            edits.Replace(key, (rewritten, _) => CacheKeyRewriter.WithoutThis((TupleExpressionSyntax)rewritten, ThisIndex));
        }

        foreach (var keyType in _keyTypes)
        {
            edits.Replace(keyType, (rewritten, _) => CacheKeyRewriter.WithoutThis((TupleTypeSyntax)rewritten, ThisIndex));
        }

        foreach (var (access, element) in _elementReads)
        {
            edits.Replace(access, (rewritten, _) => element == ThisIndex
                ? SyntaxFactory.ThisExpression().WithTriviaFrom(rewritten)
                : CacheKeyRewriter.ElementAccessWithoutThis((MemberAccessExpressionSyntax)rewritten, element, ThisIndex, Arity));
        }
    }

    /// <summary>The key type spelled in the declaration (<c>Dictionary&lt;(Foo, int), V&gt;</c>) and its initializer, when the key type is a tuple.</summary>
    private bool TryAddKeyTypes(IFieldSymbol field, CacheType cacheType, CancellationToken cancellationToken)
    {
        if (cacheType.KeyType is not INamedTypeSymbol { IsTupleType: true } keyType)
        {
            return true; // object-keyed caches (Hashtable, IMemoryCache, Dictionary<object, …>): the type stays
        }

        if (keyType.TupleElements.Length != Arity
            || field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } declarator)
        {
            return false;
        }

        var semanticModel = SemanticModelFor(declarator);
        if (semanticModel is null)
        {
            return false;
        }

        // Exactly one spelling in the field type (two would mean the value type is the key type too).
        var inType = TopmostKeyTuples(declaration.Type, semanticModel, keyType, cancellationToken).ToList();
        if (inType.Count != 1)
        {
            return false;
        }

        _keyTypes.AddRange(inType);
        if (declarator.Initializer is { } initializer)
        {
            _keyTypes.AddRange(TopmostKeyTuples(initializer, semanticModel, keyType, cancellationToken));
        }

        return true;
    }

    private SemanticModel? SemanticModelFor(SyntaxNode node)
        => KeyedUses.FirstOrDefault(u => u.Node.SyntaxTree == node.SyntaxTree)?.SemanticModel
            ?? KeyedUses.FirstOrDefault()?.SemanticModel.Compilation.GetSemanticModel(node.SyntaxTree);

    private static IEnumerable<TupleTypeSyntax> TopmostKeyTuples(SyntaxNode root, SemanticModel semanticModel, ITypeSymbol keyType, CancellationToken cancellationToken)
        => root.DescendantNodesAndSelf(n => n is not TupleTypeSyntax || n == root)
            .OfType<TupleTypeSyntax>()
            .Where(t => CacheKeyRewriter.SpellsKeyType(t, semanticModel, keyType));

    /// <summary>
    /// A factory lambda receives the key: each read of an element (<c>k.Item2</c>) is rewritten; any other use of the
    /// key parameter, an explicitly typed key parameter or a non-lambda factory taking the key makes the plan fail.
    /// </summary>
    private bool TryAddFactoryParameters(CacheFieldUse use, ITypeSymbol? keyType, bool thisMayReplaceElement)
    {
        if (keyType is not INamedTypeSymbol { IsTupleType: true })
        {
            return true;
        }

        var access = use.Access!;
        foreach (var factory in access.Factories)
        {
            var body = FactoryReturns.GetBody(factory, access.Operation.GetRoot());
            if (body is not IAnonymousFunctionOperation lambda)
            {
                if (TakesKey(factory.Type, keyType))
                {
                    return false;
                }

                continue;
            }

            foreach (var parameter in lambda.Symbol.Parameters)
            {
                if (!IsKeyType(parameter.Type, keyType))
                {
                    continue;
                }

                if (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax { Type: not null })
                {
                    return false;
                }

                foreach (var reference in lambda.Body.Descendants().OfType<IParameterReferenceOperation>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                    {
                        continue;
                    }

                    if (reference.Parent is not IFieldReferenceOperation { Syntax: MemberAccessExpressionSyntax memberAccess } element)
                    {
                        return false;
                    }

                    var index = CacheKeyRewriter.TupleElementIndex(element.Field);
                    if (index < 0 || (index == ThisIndex && (!thisMayReplaceElement || !reference.IsInInstanceContext(use.Member!))))
                    {
                        return false;
                    }

                    _elementReads.Add((memberAccess, index));
                }
            }
        }

        return true;
    }

    private static bool TakesKey(ITypeSymbol? delegateType, ITypeSymbol keyType)
        => delegateType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke } && invoke.Parameters.Any(p => IsKeyType(p.Type, keyType));

    private static bool IsKeyType(ITypeSymbol type, ITypeSymbol keyType)
        => type is INamedTypeSymbol { IsTupleType: true } tuple && keyType is INamedTypeSymbol { IsTupleType: true } key
            && tuple.TupleElements.Select(e => e.Type).SequenceEqual(key.TupleElements.Select(e => e.Type), SymbolEqualityComparer.Default);
}
