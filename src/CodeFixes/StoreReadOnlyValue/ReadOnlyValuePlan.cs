using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.StoreReadOnlyValue;

/// <summary>
/// Turns a private cache of <c>List&lt;T&gt;</c> or <c>T[]</c> values into a cache of <c>IReadOnlyList&lt;T&gt;</c> holding
/// arrays: the field's value type changes, every stored <c>List&lt;T&gt;</c> becomes <c>.ToArray()</c> at its insertion
/// site, and every member that returns a cached value returns <c>IReadOnlyList&lt;T&gt;</c>. Offered only when no public or
/// protected signature changes (the field is private, the returning members private or internal, none virtual, an
/// override, an interface implementation or a lambda) and the rewritten code still compiles, so a caller that mutates
/// the result (<c>Load(id).Add(x)</c>) keeps the fix away.
/// </summary>
internal static class ReadOnlyValuePlan
{
    public static async Task<Solution?> TryApplyAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null
            || field.Type is not INamedTypeSymbol { IsGenericType: true } cacheType
            || LoneCacheField.TryGetDeclarator(field, cancellationToken) is not { } declarator)
        {
            return null;
        }

        var model = CodeFixCacheModel.For(compilation, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        var valueType = cacheType.TypeArguments[cacheType.TypeArguments.Length - 1];
        if (model.GetCacheSymbol(field)?.Type.ValueType is not { } cachedValueType
            || !SymbolEqualityComparer.Default.Equals(cachedValueType, valueType)
            )
        {
            return null;
        }

        // The most specific form first (FrozenDictionary<K, V>); its interface (IReadOnlyDictionary<K, V> holding a frozen
        // dictionary) when a miss path's local still holds the mutable value and the specific type would not compile.
        foreach (var form in ReadOnlyForm.For(valueType, compilation))
        {
            if (await TryApplyAsync(document, field, compilation, model, declarator, form, cancellationToken).ConfigureAwait(false) is { } fixedSolution)
            {
                return fixedSolution;
            }
        }

        return null;
    }

    private static async Task<Solution?> TryApplyAsync(
        Document document,
        IFieldSymbol field,
        Compilation compilation,
        CacheModel model,
        VariableDeclaratorSyntax declarator,
        ReadOnlyForm form,
        CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var declaration = LoneCacheField.Declaration(declarator);
        var edits = new SyntaxEditSet();
        var changedMembers = new List<ISymbol>();

        // 1. The field: its value type argument (and an explicit creation's) becomes the read-only type.
        var generator = SyntaxGenerator.GetGenerator(document);
        var readOnlySyntax = (TypeSyntax)generator.TypeExpression(form.Type).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        if (!ReplaceLastTypeArgument(declaration.Type, readOnlySyntax, edits))
        {
            return null;
        }

        if (declaration.Variables[0].Initializer?.Value is ObjectCreationExpressionSyntax { Type: var creationType })
        {
            ReplaceLastTypeArgument(creationType, readOnlySyntax, edits);
        }

        // 2. Every use of the field (a private field: all in its type): stored values are converted; members returning a
        // cached value return the read-only type.
        var roots = new HashSet<IOperation>();
        foreach (var use in CacheFieldUses.Collect(field, compilation, model, cancellationToken))
        {
            if (use.Operation is null)
            {
                return null;
            }

            roots.Add(use.Operation.GetRoot());
        }

        foreach (var root in roots)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (model.TryGetAccess(operation, out var access) && SymbolEqualityComparer.Default.Equals(access.Cache.Symbol, field) && access.IsWrite)
                {
                    foreach (var stored in access.StoredValues)
                    {
                        if (!form.TryConvertStored(stored, generator, edits))
                        {
                            return null;
                        }
                    }
                }
                else if (operation is IReturnOperation { ReturnedValue: { } returned } ret
                    && model.ValueOrigins.TryFind(returned, out var origin) && SymbolEqualityComparer.Default.Equals(origin.Cache.Symbol, field))
                {
                    if (!ChangeReturnType(ret, returned, readOnlySyntax, compilation, edits, changedMembers, cancellationToken))
                    {
                        return null;
                    }
                }
            }
        }

        var edited = await edits.ApplyAsync(solution, cancellationToken).ConfigureAwait(false);
        var changed = edited.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()).ToList();
        var fixedSolution = await AddUsingsWhereNeededAsync(edited, changed, form, cancellationToken).ConfigureAwait(false);
        return await CompilesAsCleanlyAsync(solution, fixedSolution, document.Project.Id, changed, changedMembers, cancellationToken).ConfigureAwait(false)
            ? fixedSolution
            : null;
    }

    /// <summary>
    /// The new type's namespace (<c>using System.Collections.Frozen;</c>) the user's way, and the conversion's: <c>v.ToArray()</c>
    /// is List's own method while <c>v</c> is a list, LINQ's once <c>v</c> is typed by the new value type (an <c>out var</c>
    /// of the cache), so <c>using System.Linq;</c> is added where a conversion no longer binds.
    /// </summary>
    private static async Task<Solution> AddUsingsWhereNeededAsync(Solution solution, List<DocumentId> changed, ReadOnlyForm form, CancellationToken cancellationToken)
    {
        foreach (var id in changed)
        {
            var document = solution.GetDocument(id);
            if (document is null)
            {
                continue;
            }

            document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is not null && semanticModel is not null && form.ConversionNamespace is { } conversionNamespace
                && root.GetAnnotatedNodes(ReadOnlyForm.ConversionAnnotation).Any(call => semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is null))
            {
                document = await NamespaceImports.AddAsync(document, conversionNamespace, cancellationToken).ConfigureAwait(false);
            }

            solution = document.Project.Solution;
        }

        return solution;
    }

    private static bool ReplaceLastTypeArgument(TypeSyntax type, TypeSyntax replacement, SyntaxEditSet edits)
    {
        var generic = type switch
        {
            GenericNameSyntax name => name,
            QualifiedNameSyntax { Right: GenericNameSyntax right } => right,
            AliasQualifiedNameSyntax { Name: GenericNameSyntax aliased } => aliased,
            _ => null,
        };
        if (generic is null || generic.TypeArgumentList.Arguments.Count == 0)
        {
            return false;
        }

        var last = generic.TypeArgumentList.Arguments[generic.TypeArgumentList.Arguments.Count - 1];
        edits.Replace(last, (_, _) => replacement.WithTriviaFrom(last));
        return true;
    }

    private static bool ChangeReturnType(
        IReturnOperation ret,
        IOperation returned,
        TypeSyntax readOnlySyntax,
        Compilation compilation,
        SyntaxEditSet edits,
        List<ISymbol> changedMembers,
        CancellationToken cancellationToken)
    {
        var exposed = returned.Type;
        if (exposed is null || IsReadOnlyAlready(exposed, compilation))
        {
            return true; // IEnumerable<T>, IReadOnlyList<T>, object: nothing to change
        }

        var (member, returnTypeSyntax) = ret.GetEnclosingFunction() switch
        {
            ILocalFunctionOperation local => ((ISymbol)local.Symbol, (local.Syntax as LocalFunctionStatementSyntax)?.ReturnType),
            IAnonymousFunctionOperation => (null, null),
            _ => DeclaredMember(ret, cancellationToken),
        };

        if (member is null || returnTypeSyntax is null || !IsClosedSignature(member))
        {
            return false;
        }

        if (!changedMembers.Contains(member, SymbolEqualityComparer.Default))
        {
            changedMembers.Add(member);
            edits.Replace(returnTypeSyntax, (_, _) => readOnlySyntax.WithTriviaFrom(returnTypeSyntax));
        }

        return true;
    }

    private static (ISymbol? Member, TypeSyntax? ReturnType) DeclaredMember(IReturnOperation ret, CancellationToken cancellationToken)
    {
        for (var node = ret.Syntax.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case MethodDeclarationSyntax method:
                    return (ret.SemanticModel?.GetDeclaredSymbol(method, cancellationToken), method.ReturnType);
                case PropertyDeclarationSyntax property when property.AccessorList is null || property.AccessorList.Accessors.All(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)):
                    return (ret.SemanticModel?.GetDeclaredSymbol(property, cancellationToken), property.Type);
                case MemberDeclarationSyntax:
                    return (null, null);
            }
        }

        return (null, null);
    }

    /// <summary>Private or internal, and no other signature depends on it (virtual, override, interface implementation).</summary>
    private static bool IsClosedSignature(ISymbol member)
    {
        if (member is IMethodSymbol { MethodKind: MethodKind.LocalFunction })
        {
            return true;
        }

        if (member.DeclaredAccessibility is not (Accessibility.Private or Accessibility.Internal)
            || member.IsVirtual || member.IsOverride || member.IsAbstract || member.ContainingType is null)
        {
            return false;
        }

        foreach (var implemented in member.ContainingType.AllInterfaces)
        {
            foreach (var interfaceMember in implemented.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(member.ContainingType.FindImplementationForInterfaceMember(interfaceMember), member))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsReadOnlyAlready(ITypeSymbol type, Compilation compilation)
    {
        if (type.SpecialType is SpecialType.System_Object or SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_Generic_IEnumerable_T
            || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return true;
        }

        var definition = type.OriginalDefinition;
        return ReadOnlyForm.ReadOnlyInterfaces.Any(name => SymbolEqualityComparer.Default.Equals(definition, compilation.GetTypeByMetadataName(name)));
    }

    /// <summary>
    /// The rewrite adds no compiler error to the documents it touched nor to those that use a member whose return type
    /// changed: otherwise a caller mutates the result or a declaration spells the old type, and the fix is not offered.
    /// </summary>
    private static async Task<bool> CompilesAsCleanlyAsync(
        Solution before,
        Solution after,
        ProjectId projectId,
        List<DocumentId> changed,
        List<ISymbol> changedMembers,
        CancellationToken cancellationToken)
    {
        var documents = new HashSet<DocumentId>(changed);

        foreach (var member in changedMembers)
        {
            var scope = ReferenceScope.For(member.ContainingType, member.DeclaredAccessibility, before);
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(member, before, scope, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    documents.Add(location.Document.Id);
                }
            }
        }

        foreach (var id in documents)
        {
            if (await ErrorCountAsync(after.GetDocument(id), cancellationToken).ConfigureAwait(false)
                > await ErrorCountAsync(before.GetDocument(id), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return before.GetProject(projectId) is not null;
    }

    private static async Task<int> ErrorCountAsync(Document? document, CancellationToken cancellationToken)
    {
        var semanticModel = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return semanticModel?.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error) ?? 0;
    }
}
