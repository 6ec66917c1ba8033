using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0001 fix 2, the <c>@staticmethod</c> answer: the instance is only in the key, so it leaves the key and the
/// method becomes static (see <see cref="StaticMethodTransformation"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMethodStaticCodeFixProvider)), Shared]
public sealed class MakeMethodStaticCodeFixProvider : CacheFieldCodeFixProvider
{
    public const string EquivalenceKey = "SC0001.MakeMethodStatic";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstanceId);

    protected override string Title => "Make the method static";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var edits = await StaticMethodTransformation.TryPlanAsync(document, field, cancellationToken).ConfigureAwait(false);
        var solution = document.Project.Solution;
        return edits is null ? null : ct => edits.ApplyAsync(solution, ct);
    }
}
