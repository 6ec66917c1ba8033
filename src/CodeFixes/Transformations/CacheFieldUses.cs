using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>One reference to a cache field, with what the cache model knows about it.</summary>
internal sealed class CacheFieldUse
{
    public CacheFieldUse(SyntaxNode node, SemanticModel semanticModel, IOperation? operation, CacheAccess? access, ISymbol? member)
    {
        Node = node;
        SemanticModel = semanticModel;
        Operation = operation;
        Access = access;
        Member = member;
    }

    /// <summary>The reference: <c>s_cache</c>, or the whole <c>Type.s_cache</c> / <c>this.s_cache</c> member access.</summary>
    public SyntaxNode Node { get; }

    public SemanticModel SemanticModel { get; }

    /// <summary>The field reference operation; null where there is none (<c>nameof</c>, attributes, broken code).</summary>
    public IOperation? Operation { get; }

    /// <summary>The cache access this reference is the cache of (<c>s_cache.TryAdd(k, v)</c>), or null for other uses (<c>s_cache.Count</c>).</summary>
    public CacheAccess? Access { get; }

    /// <summary>The member (method, accessor, constructor, field) the reference sits in; lambdas and local functions are looked through.</summary>
    public ISymbol? Member { get; }

    /// <summary>True when the reference can see <c>this</c> of the declaring type: an instance member, not inside a static lambda or local function.</summary>
    public bool IsInInstanceMemberOf(INamedTypeSymbol type)
        => Member is not null && Operation is not null
            && SymbolEqualityComparer.Default.Equals(Member.ContainingType, type)
            && Operation.IsInInstanceContext(Member);
}

/// <summary>Finds every reference to a private cache field: they can only be inside its type's declarations (every partial part).</summary>
internal static class CacheFieldUses
{
    public static ImmutableArray<CacheFieldUse> Collect(IFieldSymbol field, Compilation compilation, CacheModel model, CancellationToken cancellationToken)
    {
        var uses = ImmutableArray.CreateBuilder<CacheFieldUse>();
        foreach (var part in field.ContainingType.DeclaringSyntaxReferences)
        {
            if (!compilation.ContainsSyntaxTree(part.SyntaxTree))
            {
                continue;
            }

            var semanticModel = compilation.GetSemanticModel(part.SyntaxTree);
            var declaration = part.GetSyntax(cancellationToken);
            foreach (var name in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                // The name check is only a cheap filter; the symbol decides.
                if (name.Identifier.ValueText != field.Name
                    || !SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, field.OriginalDefinition))
                {
                    continue;
                }

                SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                var operation = semanticModel.GetOperation(node, cancellationToken);
                var member = EnclosingMember(semanticModel.GetEnclosingSymbol(node.SpanStart, cancellationToken));
                uses.Add(new CacheFieldUse(node, semanticModel, operation, FindAccess(operation, field, model), member));
            }
        }

        return uses.ToImmutable();
    }

    private static ISymbol? EnclosingMember(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    /// <summary>The access whose cache is this reference: its receiver (<c>s_cache.Add</c>, <c>s_cache[k]</c>) or the first argument of an extension (<c>s_cache.Set</c>).</summary>
    private static CacheAccess? FindAccess(IOperation? reference, IFieldSymbol field, CacheModel model)
    {
        var candidate = reference?.Parent;
        while (candidate is IConversionOperation)
        {
            candidate = candidate.Parent;
        }

        if (candidate is IArgumentOperation)
        {
            candidate = candidate.Parent;
        }

        return candidate is not null && model.TryGetAccess(candidate, out var access)
            && SymbolEqualityComparer.Default.Equals(access.Cache.Symbol.OriginalDefinition, field.OriginalDefinition)
            ? access
            : null;
    }
}
