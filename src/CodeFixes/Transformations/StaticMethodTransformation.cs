using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// "Make the method static" (the <c>@staticmethod</c> answer to B019): when the only use of the instance in a method is
/// <c>this</c> inside the key of a static cache, <c>this</c> is removed from every key and from the key type
/// (<see cref="KeyRewritePlan"/>) and the method — every method keyed that way on the same field — becomes static.
/// Calls through an instance (<c>builder.Build(x)</c>) are rewritten to calls through the type (<c>ReportBuilder.Build(x)</c>).
/// </summary>
internal static class StaticMethodTransformation
{
    /// <summary>The rewrite for <paramref name="cacheField"/>, or null when it cannot be done faithfully.</summary>
    public static async Task<SyntaxEditSet?> TryPlanAsync(Document document, IFieldSymbol cacheField, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var field = compilation is null ? null : PerInstanceCacheTransformation.Resolve(cacheField, compilation);
        if (field is null || !field.IsStatic || field.DeclaredAccessibility != Accessibility.Private)
        {
            return null;
        }

        var model = CodeFixCacheModel.For(compilation!, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        var cache = model.GetCacheSymbol(field);
        if (cache is null)
        {
            return null;
        }

        var uses = CacheFieldUses.Collect(field, compilation!, model, cancellationToken);
        if (!KeyRewritePlan.TryCreate(field, cache.Type, uses, model.ThisCapture, thisMayReplaceElement: false, cancellationToken, out var keys) || keys is null)
        {
            return null;
        }

        var edits = new SyntaxEditSet();
        keys.AddEdits(edits);
        var thisElements = new HashSet<SyntaxNode>(keys.KeyedUses.Select(u => ((TupleExpressionSyntax)u.Access!.Key!.WalkDownConversion().Syntax).Arguments[keys.ThisIndex].Expression));
        foreach (var method in keys.KeyedUses.Select(u => u.Member).Distinct(SymbolEqualityComparer.Default))
        {
            if (method is not IMethodSymbol candidate
                || !await TryAddMethodAsync(candidate, solution, compilation!, thisElements, edits, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return edits;
    }

    private static async Task<bool> TryAddMethodAsync(
        IMethodSymbol method,
        Solution solution,
        Compilation compilation,
        HashSet<SyntaxNode> thisElements,
        SyntaxEditSet edits,
        CancellationToken cancellationToken)
    {
        if (!CanBeStatic(method)
            || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        // The instance may appear only as the 'this' element of the keys we remove it from.
        var semanticModel = compilation.GetSemanticModel(declaration.SyntaxTree);
        var body = semanticModel.GetOperation(declaration, cancellationToken);
        if (body is null || body.Descendants().OfType<IInstanceReferenceOperation>().Any(i => i.IsThis() && !thisElements.Contains(i.Syntax)))
        {
            return false;
        }

        // Searched while planning, not in the code action: a call through 'Get().M()' vetoes the fix.
        var scope = ReferenceScope.For(method.ContainingType, method.DeclaredAccessibility, solution);
        foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, solution, scope, cancellationToken).ConfigureAwait(false))
        {
            foreach (var location in referenced.Locations)
            {
                if (location.IsImplicit)
                {
                    continue;
                }

                if (location.IsCandidateLocation || !await TryAddCallSiteAsync(location, method, edits, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        edits.Replace(declaration, (rewritten, generator) => ModifierEdit.WithStatic(generator, rewritten, isStatic: true));
        return true;
    }

    private static bool CanBeStatic(IMethodSymbol method)
        => method is { MethodKind: MethodKind.Ordinary, IsStatic: false, IsVirtual: false, IsOverride: false, IsAbstract: false, IsExtern: false, PartialDefinitionPart: null, PartialImplementationPart: null }
            && method.ExplicitInterfaceImplementations.IsEmpty
            && method.ContainingType is { TypeKind: TypeKind.Class }
            && !ImplementsInterface(method);

    private static bool ImplementsInterface(IMethodSymbol method)
        => method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers(method.Name))
            .Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    /// <summary>
    /// <c>this.M(x)</c> → <c>M(x)</c>; <c>builder.M(x)</c> → <c>Type.M(x)</c> when the receiver is a local, parameter,
    /// field or <c>this</c> (dropping it loses no side effect); any other receiver (<c>Get().M()</c>, <c>x?.M()</c>) refuses.
    /// </summary>
    private static async Task<bool> TryAddCallSiteAsync(ReferenceLocation location, IMethodSymbol method, SyntaxEditSet edits, CancellationToken cancellationToken)
    {
        var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (node?.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Name == node:
                if (access.Expression is ThisExpressionSyntax)
                {
                    edits.Replace(access, (rewritten, _) => ((MemberAccessExpressionSyntax)rewritten).Name.WithTriviaFrom(rewritten));
                    return true;
                }

                var semanticModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (semanticModel is null)
                {
                    return false;
                }

                var receiver = semanticModel.GetSymbolInfo(access.Expression, cancellationToken).Symbol;
                if (receiver is not (ILocalSymbol or IParameterSymbol or IFieldSymbol))
                {
                    return false;
                }

                var containingType = (semanticModel.GetSymbolInfo(node, cancellationToken).Symbol as IMethodSymbol)?.ContainingType ?? method.ContainingType;
                var typeName = SyntaxFactory.ParseTypeName(containingType.ToMinimalDisplayString(semanticModel, access.SpanStart));
                edits.Replace(access.Expression, (rewritten, _) => typeName.WithTriviaFrom(rewritten));
                return true;
            case MemberBindingExpressionSyntax:
                return false;
            default:
                return true; // M(x), nameof(M), cref: valid for a static method too
        }
    }
}
