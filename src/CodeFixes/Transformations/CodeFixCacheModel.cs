using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>The analyzers' cache model, built inside a code fix with the project's <c>.editorconfig</c> options.</summary>
internal static class CodeFixCacheModel
{
    public static Analyzers.Model.CacheModel Create(Compilation compilation, AnalyzerConfigOptionsProvider? options)
        => Analyzers.Model.CacheModel.Create(
            compilation,
            options is null
                ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)
                : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options));
}
