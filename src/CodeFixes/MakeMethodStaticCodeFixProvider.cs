using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.HoldInstanceWeakly;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0001 fix 2, the <c>@staticmethod</c> answer: the instance is only in the key, so it leaves the key and the
/// method becomes static (see <see cref="StaticMethodTransformation"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMethodStaticCodeFixProvider)), Shared]
public sealed class MakeMethodStaticCodeFixProvider : CodeFixProvider
{
    public const string EquivalenceKey = "SC0001.MakeMethodStatic";

    internal const string Title = "Make the method static";

    private static readonly FixAllProvider FixAll = new CacheFieldFixAllProvider(EquivalenceKey, Title, FixFieldAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstanceId);

    public override FixAllProvider GetFixAllProvider() => FixAll;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var field = await CacheFieldLocator.FindAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            var edits = field is null ? null : await StaticMethodTransformation.TryPlanAsync(context.Document, field, context.CancellationToken).ConfigureAwait(false);
            if (edits is null)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            context.RegisterCodeFix(CodeAction.Create(Title, ct => edits.ApplyAsync(solution, ct), EquivalenceKey), diagnostic);
        }
    }

    private static async Task<Solution> FixFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var edits = await StaticMethodTransformation.TryPlanAsync(document, field, cancellationToken).ConfigureAwait(false);
        return edits is null ? document.Project.Solution : await edits.ApplyAsync(document.Project.Solution, cancellationToken).ConfigureAwait(false);
    }
}
