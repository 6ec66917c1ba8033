using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.HoldInstanceWeakly;

/// <summary>
/// Everything "hold the instance weakly" changes for one static cache field keyed by <c>(this, …)</c>: its declaration
/// becomes <c>WeakLruCache&lt;TOwner, TKey, TValue&gt;</c> and every use is rewritten to pass <c>this</c> as the owner.
/// A plan exists only when the field is private, created by a plain <c>new()</c> (or <c>new LruCache(capacity)</c>), and
/// every use of it is one of the shapes <see cref="AccessRewriter"/> rewrites faithfully; otherwise the fix is not offered.
/// </summary>
internal sealed class WeakOwnerCachePlan
{

    private readonly Solution _solution;
    private readonly DocumentId _declaringDocument;
    private readonly SyntaxEditSet _edits;

    private WeakOwnerCachePlan(Solution solution, DocumentId declaringDocument, SyntaxEditSet edits)
    {
        _solution = solution;
        _declaringDocument = declaringDocument;
        _edits = edits;
    }

    public static async Task<WeakOwnerCachePlan?> TryCreateAsync(Solution solution, IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (!field.IsStatic
            || LoneCacheField.TryGetDeclarator(field, cancellationToken) is not { } declarator
            || solution.GetDocument(declarator.SyntaxTree) is not { } declaringDocument)
        {
            return null;
        }

        var declaration = LoneCacheField.Declaration(declarator);

        var compilation = await declaringDocument.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation?.GetWellKnownType(WellKnownTypeNames.WeakLruCache) is null)
        {
            return null; // the project does not reference the SafeCache runtime
        }

        var model = CodeFixCacheModel.For(compilation, declaringDocument.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        if (model.GetCacheSymbol(field) is not { } cache
            || cache.Type.Kind is not (CacheKind.Dictionary or CacheKind.LruCache)
            || cache.Type.KeyType is not INamedTypeSymbol { IsTupleType: true } keyType
            || keyType.TupleElements.Length < 2
            || TypeArguments(declaration.Type) is not { Count: 2 } typeArguments
            || typeArguments[0] is not TupleTypeSyntax keyTypeSyntax
            || keyTypeSyntax.Elements.Count != keyType.TupleElements.Length)
        {
            return null;
        }

        // Every use of the field, in every part of its type (partial classes span documents).
        int? ownerIndex = null;
        var rewrites = new List<(DocumentId Document, AccessRewrite Rewrite)>();
        foreach (var use in CacheFieldUses.Collect(field, compilation, model, cancellationToken))
        {
            if (use.Access is null
                || solution.GetDocument(use.Node.SyntaxTree) is not { } document
                || AccessRewriter.TryRewrite(model, use.SemanticModel, use.Access, ref ownerIndex, solution.Services, cancellationToken) is not { } rewrite)
            {
                return null;
            }

            rewrites.Add((document.Id, rewrite));
        }

        // An access nested in another (a factory that calls the cache again) would need two edits of one node.
        if (ownerIndex is not { } owner
            || rewrites.Any(r => rewrites.Any(o => o.Rewrite != r.Rewrite && o.Document == r.Document && o.Rewrite.Original.Span.Contains(r.Rewrite.Original.Span))))
        {
            return null;
        }

        var newDeclaration = RewriteDeclaration(declaringDocument, declaration, declarator, typeArguments, keyTypeSyntax, owner, cache);
        if (newDeclaration is null)
        {
            return null;
        }

        var edits = new SyntaxEditSet();
        foreach (var (_, rewrite) in rewrites)
        {
            if (rewrite.Replacement is { } replacement)
            {
                edits.Replace(rewrite.Original, (_, _) => replacement);
            }
        }

        edits.Replace(declaration, (_, _) => newDeclaration);
        return new WeakOwnerCachePlan(solution, declaringDocument.Id, edits);
    }

    public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
    {
        var solution = await _edits.ApplyAsync(_solution, cancellationToken).ConfigureAwait(false);

        // 'using SafeCache;' for the new field type, placed the way the user's options say.
        var declaring = solution.GetDocument(_declaringDocument)!;
        declaring = await ImportAdder.AddImportsAsync(declaring, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return declaring.Project.Solution;
    }

    private static IReadOnlyList<TypeSyntax>? TypeArguments(TypeSyntax type) => type switch
    {
        GenericNameSyntax generic => generic.TypeArgumentList.Arguments,
        QualifiedNameSyntax { Right: GenericNameSyntax generic } => generic.TypeArgumentList.Arguments,
        AliasQualifiedNameSyntax { Name: GenericNameSyntax generic } => generic.TypeArgumentList.Arguments,
        _ => null,
    };

    /// <summary>The field's type and initializer: <c>Dictionary&lt;(Foo, int), V&gt; = new()</c> → <c>WeakLruCache&lt;Foo, int, V&gt; = new(128)</c>.</summary>
    private static VariableDeclarationSyntax? RewriteDeclaration(
        Document document,
        VariableDeclarationSyntax declaration,
        VariableDeclaratorSyntax declarator,
        IReadOnlyList<TypeSyntax> typeArguments,
        TupleTypeSyntax keyType,
        int ownerIndex,
        CacheSymbol cache)
    {
        if (declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax { Initializer: null } creation)
        {
            return null;
        }

        var capacity = CapacityArgument(document, creation, cache);
        if (capacity is null)
        {
            return null;
        }

        var weakType = SafeCacheTypeSyntax.Generic(
            "WeakLruCache",
            keyType.Elements[ownerIndex].Type.WithoutTrivia(),
            CacheKeyRewriter.WithoutThis(keyType, ownerIndex).WithoutTrivia(),
            typeArguments[1].WithoutTrivia());

        var arguments = ArgumentList(SingletonSeparatedList(capacity));
        BaseObjectCreationExpressionSyntax newCreation = creation switch
        {
            ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.WithArgumentList(arguments),
            ObjectCreationExpressionSyntax explicitNew => explicitNew
                .WithType(weakType.WithTriviaFrom(explicitNew.Type))
                .WithArgumentList(arguments.WithTriviaFrom((SyntaxNode?)explicitNew.ArgumentList ?? arguments)),
            _ => creation,
        };

        // One edit for the whole declaration: the type and the initializer are both inside it.
        var newDeclaration = declaration
            .WithType(weakType.WithTriviaFrom(declaration.Type))
            .WithVariables(SingletonSeparatedList(declarator.WithInitializer(declarator.Initializer!.WithValue(newCreation.WithTriviaFrom(creation)))));
        return newDeclaration;
    }

    /// <summary>
    /// The capacity: an <c>LruCache</c>'s own capacity argument is kept; a dictionary created without arguments gets
    /// <c>safecache.default_capacity</c>. Any other argument (a comparer, an initial size) is not carried over faithfully.
    /// </summary>
    private static ArgumentSyntax? CapacityArgument(Document document, BaseObjectCreationExpressionSyntax creation, CacheSymbol cache)
    {
        var arguments = creation.ArgumentList?.Arguments ?? default;
        if (arguments.Count == 0)
        {
            var options = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(creation.SyntaxTree);
            var capacity = CacheModelOptions.GetDefaultCapacity(options);
            return Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(capacity)));
        }

        if (cache.Type.Kind == CacheKind.LruCache && arguments.Count == 1 && arguments[0].NameColon is null && arguments[0].RefKindKeyword.IsKind(SyntaxKind.None))
        {
            // LruCache(int capacity, IEqualityComparer<TKey>? comparer = null): the one positional argument is the capacity.
            return arguments[0].WithoutTrivia();
        }

        return null;
    }
}
