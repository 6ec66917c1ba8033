using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.CompareKeysByContent;

/// <summary>
/// Appends <c>SequenceEqualityComparer&lt;T&gt;.Default</c> to a cache creation's arguments. A plan exists only when the
/// runtime's comparer handles the key type (<c>T[]</c>, <c>List&lt;T&gt;</c>, <c>ImmutableArray&lt;T&gt;</c>,
/// <c>IReadOnlyList&lt;T&gt;</c>) and the created type has a constructor taking the existing arguments followed by the
/// comparer, so the result binds to the same constructor family.
/// </summary>
internal sealed class ContentComparerPlan
{

    private readonly ITypeSymbol _elementType;
    private readonly string? _parameterName;

    private ContentComparerPlan(ITypeSymbol elementType, string? parameterName, string? cacheName)
    {
        _elementType = elementType;
        _parameterName = parameterName;
        CacheName = cacheName;
    }

    /// <summary>The field, property or local the creation is stored in, for the fix's title; null when it is stored nowhere named.</summary>
    public string? CacheName { get; }

    public static ContentComparerPlan? TryCreate(SemanticModel semanticModel, BaseObjectCreationExpressionSyntax syntax, CacheModel model, CancellationToken cancellationToken)
    {
        if (semanticModel.GetOperation(syntax, cancellationToken) is not { } operation
            || !model.TryGetCreation(operation, out var creation)
            || creation.HasComparer
            || creation.Type.KeyType is not { } keyType
            || model.Compilation.GetWellKnownType(WellKnownTypeNames.SequenceEqualityComparer) is not { } comparerDefinition
            || model.Compilation.GetTypeByMetadataName("System.Collections.Generic.IEqualityComparer`1") is not { } equalityComparer)
        {
            return null;
        }

        var elementType = keyType switch
        {
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } named => named.TypeArguments[0],
            _ => null,
        };
        var wanted = equalityComparer.Construct(keyType);
        if (elementType is null || elementType.TypeKind == TypeKind.Error || !Implements(comparerDefinition.Construct(elementType), wanted))
        {
            return null;
        }

        // The existing arguments, in order, then the comparer: find a constructor with exactly that shape.
        var given = creation.Operation.Arguments;
        var explicitCount = 0;
        var usesNames = false;
        foreach (var argument in given)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                explicitCount++;
                usesNames |= argument.Syntax is ArgumentSyntax { NameColon: not null };
            }
        }

        if (creation.Operation.Constructor?.ContainingType is not { } createdType)
        {
            return null;
        }

        foreach (var constructor in createdType.InstanceConstructors)
        {
            if (constructor.Parameters.Length <= explicitCount
                || !SymbolEqualityComparer.Default.Equals(constructor.Parameters[explicitCount].Type, wanted)
                || !Matches(constructor, given, explicitCount))
            {
                continue;
            }

            return new ContentComparerPlan(elementType, usesNames ? constructor.Parameters[explicitCount].Name : null, creation.Target?.Name);
        }

        return null;
    }

    /// <summary>The creation with <c>SequenceEqualityComparer&lt;T&gt;.Default</c> as its last argument.</summary>
    public SyntaxNode Apply(SyntaxNode rewritten)
    {
        var creation = (BaseObjectCreationExpressionSyntax)rewritten;
        var comparer = MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SafeCacheTypeSyntax.Generic("SequenceEqualityComparer", ParseTypeName(_elementType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))),
                IdentifierName("Default"))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var argument = Argument(comparer);
        if (_parameterName is not null)
        {
            argument = argument.WithNameColon(NameColon(_parameterName));
        }

        var arguments = creation.ArgumentList ?? ArgumentList();
        var newArguments = arguments.WithArguments(arguments.Arguments.Add(argument)).WithAdditionalAnnotations(Formatter.Annotation);
        if (creation is ObjectCreationExpressionSyntax { ArgumentList: null } explicitNew)
        {
            // 'new Dictionary<int[], V> { … }' has no parentheses: put them right after the type.
            return explicitNew.WithType(explicitNew.Type.WithoutTrailingTrivia())
                .WithArgumentList(newArguments.WithTrailingTrivia(explicitNew.Type.GetTrailingTrivia()));
        }

        return creation.WithArgumentList(newArguments);
    }

    private static bool Matches(IMethodSymbol constructor, ImmutableArray<IArgumentOperation> given, int explicitCount)
    {
        for (var i = explicitCount + 1; i < constructor.Parameters.Length; i++)
        {
            if (!constructor.Parameters[i].IsOptional)
            {
                return false;
            }
        }

        var position = 0;
        foreach (var argument in given)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.ParamArray
                || parameter.Ordinal != position
                || !SymbolEqualityComparer.Default.Equals(constructor.Parameters[position].Type, parameter.Type))
            {
                return false;
            }

            position++;
        }

        return true;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol contract)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, contract))
            {
                return true;
            }
        }

        return false;
    }
}
