using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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

namespace SafeCache.CodeFixes.BoundWithLruCache;

/// <summary>
/// Turns <c>static Dictionary&lt;K, V&gt; s_cache = new(comparer)</c> into
/// <c>static LruCache&lt;K, V&gt; s_cache = new(capacity: N, comparer: comparer)</c>. A plan exists only when nothing else
/// has to change: the field is private (so every use is in its type), declared alone, created by a plain constructor
/// call whose arguments are a size hint or a key comparer, and every use is a member <c>LruCache</c> has with the same
/// signature.
/// </summary>
internal sealed class LruCacheFieldPlan
{

    private readonly FieldDeclarationSyntax _declaration;
    private readonly ExpressionSyntax? _comparer;
    private readonly ITypeSymbol _keyType;
    private readonly ITypeSymbol _valueType;

    private LruCacheFieldPlan(FieldDeclarationSyntax declaration, ExpressionSyntax? comparer, ITypeSymbol keyType, ITypeSymbol valueType)
    {
        _declaration = declaration;
        _comparer = comparer;
        _keyType = keyType;
        _valueType = valueType;
    }

    /// <summary>The field declaration this plan replaces.</summary>
    public FieldDeclarationSyntax Declaration => _declaration;

    public static LruCacheFieldPlan? TryCreate(SemanticModel semanticModel, VariableDeclaratorSyntax declarator, CacheModel model, CancellationToken cancellationToken)
    {
        if (declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax { Initializer: null } creationSyntax
            || semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol field
            || LoneCacheField.TryGetDeclarator(field, cancellationToken) != declarator
            || model.GetCacheSymbol(field) is not { Type: { Kind: CacheKind.Dictionary, KeyType: { } keyType, ValueType: { } valueType } }
            || !IsUsableKey(keyType)
            || model.Compilation.GetWellKnownType(WellKnownTypeNames.LruCache) is not { } lruDefinition)
        {
            return null;
        }

        // The model knows the creation's comparer; a source collection among its arguments would be lost: no plan.
        if (semanticModel.GetOperation(creationSyntax, cancellationToken) is not { } creationOperation
            || !model.TryGetCreation(creationOperation, out var creation)
            || !creation.HasOnlyComparerAndSizeHints
            || creation.HasComparer && !creation.HasEqualityComparer)
        {
            return null;
        }

        var comparer = (creation.Comparer?.Syntax as ArgumentSyntax)?.Expression;
        var compatibility = new ReplacementTypeCompatibility(model.Compilation, lruDefinition.Construct(keyType, valueType));
        var uses = CacheFieldUses.Collect(field, model.Compilation, model, cancellationToken);
        return uses.All(compatibility.Accepts) && !uses.Any(use => IsRegistryWrite(use, model)) ? new LruCacheFieldPlan(LoneCacheField.FieldDeclaration(declarator), comparer, keyType, valueType) : null;
    }

    /// <summary>The declaration with the new type and initializer; trivia and modifiers are untouched.</summary>
    public FieldDeclarationSyntax Apply(FieldDeclarationSyntax current, int capacity, LanguageVersion languageVersion)
    {
        var variables = current.Declaration.Variables;
        var declarator = variables[0];
        var oldType = current.Declaration.Type;
        var newType = LruCacheType(oldType).WithTriviaFrom(oldType);

        var arguments = new List<ArgumentSyntax>
        {
            Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(capacity))).WithNameColon(NameColon("capacity")),
        };
        if (_comparer is not null)
        {
            arguments.Add(Argument(_comparer.WithoutTrivia()).WithNameColon(NameColon("comparer")));
        }

        var argumentList = ArgumentList(SeparatedList(arguments));
        var oldValue = declarator.Initializer!.Value;
        ExpressionSyntax newValue = languageVersion >= LanguageVersion.CSharp9
            ? ImplicitObjectCreationExpression(argumentList, initializer: null)
            : ObjectCreationExpression(LruCacheType(oldType).WithLeadingTrivia(Space), argumentList, initializer: null);
        newValue = newValue.WithTriviaFrom(oldValue);

        var newDeclarator = declarator.WithInitializer(declarator.Initializer.WithValue(newValue));
        return current.WithDeclaration(current.Declaration.WithType(newType).WithVariables(variables.Replace(declarator, newDeclarator)));
    }

    /// <summary>
    /// <c>global::SafeCache.LruCache&lt;K, V&gt;</c>, keeping the user's own spelling of K and V when the old type spelled
    /// them; the simplifier shortens it to <c>LruCache&lt;K, V&gt;</c> once <c>using SafeCache;</c> is added.
    /// </summary>
    private TypeSyntax LruCacheType(TypeSyntax oldType)
    {
        var rightmost = oldType is QualifiedNameSyntax qualified ? qualified.Right : oldType as SimpleNameSyntax;
        var typeArguments = rightmost is GenericNameSyntax { TypeArgumentList.Arguments.Count: 2 } generic
            ? generic.TypeArgumentList.WithoutTrivia()
            : TypeArgumentList(SeparatedList(new[]
            {
                ParseTypeName(_keyType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation),
                ParseTypeName(_valueType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation),
            }));

        return SafeCacheTypeSyntax.Generic("LruCache", typeArguments);
    }

    /// <summary>LruCache requires <c>TKey : notnull</c>: skip nullable keys and unconstrained type parameters rather than add warnings.</summary>
    private static bool IsUsableKey(ITypeSymbol keyType)
        => keyType.NullableAnnotation != NullableAnnotation.Annotated
           && keyType.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
           && keyType is not ITypeParameterSymbol { HasNotNullConstraint: false, HasValueTypeConstraint: false, HasReferenceTypeConstraint: false, HasUnmanagedTypeConstraint: false };

    /// <summary>
    /// A registry or an accumulator is not a memo cache: evicting its entries loses data, so bounding it would be a bug.
    /// The model decides, as it does for SC0003 itself.
    /// </summary>
    private static bool IsRegistryWrite(CacheFieldUse use, CacheModel model)
        => use.Access is { IsWrite: true } write && model.ClassifyWrite(write) is WriteIntent.Registry or WriteIntent.Accumulator;
}
