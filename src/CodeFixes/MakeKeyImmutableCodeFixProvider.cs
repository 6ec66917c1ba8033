using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.MakeKeyImmutable;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0004 fix for a key type whose hash code reads settable state: turn the hashed properties' <c>set</c> into
/// <c>init</c> and make the hashed fields <c>readonly</c> (see <see cref="ImmutableKeyPlan"/>). The diagnostic's
/// additional locations are the hashed members; the fix is offered only when it can make every one of them immutable.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeKeyImmutableCodeFixProvider)), Shared]
public sealed class MakeKeyImmutableCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0004.MakeKeyImmutable";

    internal const string Title = "Make the key immutable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MutableOrIdentityCacheKeyId);

    public override FixAllProvider GetFixAllProvider()
        => new SolutionDiagnosticsFixAllProvider(EquivalenceKey, Title, FixAllAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false) is { Count: > 0 })
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAllAsync(solution, ImmutableArray.Create((context.Document, diagnostic)), ct), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> FixAllAsync(Solution solution, ImmutableArray<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
    {
        var edits = new List<SyntaxNode>();
        foreach (var (_, diagnostic) in diagnostics)
        {
            if (await PlanAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } nodes)
            {
                edits.AddRange(nodes);
            }
        }

        var editSet = new SyntaxEditSet();
        foreach (var node in ImmutableKeyPlan.Distinct(edits))
        {
            editSet.Replace(node, ImmutableKeyPlan.Apply);
        }

        return await editSet.ApplyAsync(solution, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The declarations to rewrite for one diagnostic; null when any hashed member cannot be made immutable.</summary>
    private static async Task<List<SyntaxNode>?> PlanAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count == 0)
        {
            return null;
        }

        var nodes = new List<SyntaxNode>();
        foreach (var location in diagnostic.AdditionalLocations)
        {
            var document = solution.GetDocument(location.SourceTree);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || !root.FullSpan.Contains(location.SourceSpan))
            {
                return null;
            }

            // Member locations are the identifiers of property and variable declarations.
            var declaration = root.FindToken(location.SourceSpan.Start).Parent;
            if (declaration is null || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } member
                || member is not (IPropertySymbol or IFieldSymbol)
                || await ImmutableKeyPlan.TryGetEditAsync(member, solution, cancellationToken).ConfigureAwait(false) is not { } edit)
            {
                return null;
            }

            nodes.Add(edit);
        }

        return nodes;
    }
}
