using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// The analyzers' cache model for a code fix, with the project's <c>.editorconfig</c> options: the one model per
/// compilation that the analyzers share, so a light bulb does not rebuild it.
/// </summary>
internal static class CodeFixCacheModel
{
    public static Analyzers.Model.CacheModel For(Compilation compilation, AnalyzerConfigOptionsProvider? options)
        => Analyzers.Model.CacheModel.For(
            compilation,
            options is null
                ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)
                : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options));
}
