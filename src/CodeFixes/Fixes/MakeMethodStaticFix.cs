using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Transformations;

namespace SafeCache.CodeFixes.Fixes;

/// <summary>
/// SC0001 fix 2, the <c>@staticmethod</c> answer: the instance is only in the key, so it leaves the key and the
/// method becomes static (see <see cref="StaticMethodTransformation"/>).
/// </summary>
public sealed class MakeMethodStaticFix : CacheFieldFix
{
    public static MakeMethodStaticFix Instance { get; } = new();

    public override string Name => "MakeMethodStatic";

    protected override string Title(Document document, IFieldSymbol field) => $"Make the method static (drop 'this' from the keys of '{field.Name}')";

    protected override async Task<Func<CancellationToken, Task<Solution>>?> TryPlanFieldAsync(Document document, IFieldSymbol field, CancellationToken cancellationToken)
    {
        var edits = await StaticMethodTransformation.TryPlanAsync(document, field, cancellationToken).ConfigureAwait(false);
        var solution = document.Project.Solution;
        return edits is null ? null : ct => edits.ApplyAsync(solution, ct);
    }
}
