using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.CodeFixes;

/// <summary>SC0003's fix: bound the memo cache with LruCache (docs/rules/SC0003.md).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedSharedCacheCodeFixProvider)), Shared]
public sealed class UnboundedSharedCacheCodeFixProvider : PreferredFixCodeFixProvider
{
    private static readonly ImmutableArray<CacheFix> s_fixes = ImmutableArray.Create<CacheFix>(BoundWithLruCacheFix.Instance);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnboundedSharedCacheId);

    public override ImmutableArray<CacheFix> GetFixes(string diagnosticId)
        => diagnosticId == DiagnosticDescriptors.UnboundedSharedCacheId ? s_fixes : ImmutableArray<CacheFix>.Empty;
}
