using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Rename;
using SafeCache.Analyzers.Model;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// "Make the cache per-instance": a private static cache field becomes an instance field, so each instance caches
/// for itself and the cache dies with it. Shared by SC0001 (the cache pins instances) and SC0005 (the cache ignores
/// instance state).
/// <para>
/// Offered (<see cref="TryPlanAsync"/>) when the field is private, declared alone, with no attributes, in a class,
/// and every reference to it is inside instance members of the declaring type (all partial parts; not in nested types,
/// static lambdas or static local functions). When the keys are <c>(this, rest…)</c>, <c>this</c> is removed from every key
/// and from the key type (<c>Dictionary&lt;(Foo, int), V&gt;</c> → <c>Dictionary&lt;int, V&gt;</c>), and a factory's
/// <c>k.Item1</c> becomes <c>this</c>; not offered when a key is <c>this</c> alone or another shape
/// <see cref="KeyRewritePlan"/> cannot rewrite. A static prefix goes: <c>s_cache</c> becomes <c>_cache</c> (<see cref="InstanceFieldName"/>).
/// </para>
/// </summary>
internal static class PerInstanceCacheTransformation
{
    /// <summary>
    /// The rewrite of <paramref name="cacheField"/> (a field of <paramref name="document"/>'s project) into a per-instance
    /// cache across every document of its type, or null when it cannot be done and keep the code compiling. Planned once:
    /// the returned rewrite does not plan again.
    /// </summary>
    public static async Task<Func<CancellationToken, Task<Solution>>?> TryPlanAsync(Document document, IFieldSymbol cacheField, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var field = compilation is null ? null : Resolve(cacheField, compilation);
        var plan = field is null ? null : TryPlan(field, compilation!, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        return async ct =>
        {
            var edits = new SyntaxEditSet();
            plan.Keys?.AddEdits(edits);
            edits.Replace(plan.Declaration, (rewritten, generator) => ModifierEdit.WithStatic(generator, rewritten, isStatic: false));
            foreach (var use in plan.Uses)
            {
                // 'Foo.s_cache' no longer binds to an instance field.
                if (use.Node is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax } qualified)
                {
                    edits.Replace(qualified, (rewritten, _) => ((MemberAccessExpressionSyntax)rewritten).Name.WithTriviaFrom(rewritten));
                }
            }

            var perInstance = await edits.ApplyAsync(solution, ct).ConfigureAwait(false);
            return await RenameAsync(perInstance, document.Project.Id, field!, ct).ConfigureAwait(false);
        };
    }

    /// <summary>An instance field keeps no static prefix: <c>s_cache</c> becomes <c>_cache</c> (see <see cref="InstanceFieldName"/>), every reference with it.</summary>
    private static async Task<Solution> RenameAsync(Solution solution, ProjectId projectId, IFieldSymbol oldField, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null
            || Resolve(oldField, compilation) is not { } field
            || field.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference
            || InstanceFieldName.Choose(field, project!.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(reference.SyntaxTree)) is not { } newName)
        {
            return solution;
        }

        return await Renamer.RenameSymbolAsync(solution, field, new SymbolRenameOptions(), newName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same field in <paramref name="compilation"/> (callers may hold a symbol from an older solution).</summary>
    internal static IFieldSymbol? Resolve(IFieldSymbol field, Compilation compilation)
    {
        if (field.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return field;
        }

        var id = DocumentationCommentId.CreateDeclarationId(field);
        return id is null ? null : DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) as IFieldSymbol;
    }

    private static Plan? TryPlan(IFieldSymbol field, Compilation compilation, AnalyzerConfigOptionsProvider? options, CancellationToken cancellationToken)
    {
        if (!field.IsStatic || !field.GetAttributes().IsEmpty
            || field.ContainingType is not { TypeKind: TypeKind.Class, IsStatic: false } type
            || LoneCacheField.TryGetDeclarator(field, cancellationToken) is not { } declarator)
        {
            return null;
        }

        var declaration = LoneCacheField.FieldDeclaration(declarator);

        var model = CodeFixCacheModel.For(compilation, options);
        var cache = model.GetCacheSymbol(field);
        if (cache is null)
        {
            return null;
        }

        var uses = CacheFieldUses.Collect(field, compilation, model, cancellationToken);
        if (uses.IsEmpty || !uses.All(u => u.IsInInstanceMemberOf(type)))
        {
            return null;
        }

        return KeyRewritePlan.TryCreate(field, cache.Type, uses, model.ThisCapture, thisMayReplaceElement: true, cancellationToken, out var keys)
            ? new Plan(declaration, uses, keys)
            : null;
    }

    private sealed class Plan
    {
        public Plan(FieldDeclarationSyntax declaration, ImmutableArray<CacheFieldUse> uses, KeyRewritePlan? keys)
        {
            Declaration = declaration;
            Uses = uses;
            Keys = keys;
        }

        public FieldDeclarationSyntax Declaration { get; }

        public ImmutableArray<CacheFieldUse> Uses { get; }

        public KeyRewritePlan? Keys { get; }
    }
}
