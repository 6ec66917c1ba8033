using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.CodeFixes;

/// <summary>SC0001's fixes, in the order docs/rules/SC0001.md gives: per-instance, static method, hold weakly.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedCacheCapturesInstanceCodeFixProvider)), Shared]
public sealed class SharedCacheCapturesInstanceCodeFixProvider : PreferredFixCodeFixProvider
{
    private static readonly ImmutableArray<CacheFix> s_fixes =
        ImmutableArray.Create<CacheFix>(MakeCachePerInstanceFix.Instance, MakeMethodStaticFix.Instance, HoldInstanceWeaklyFix.Instance);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstanceId);

    public override ImmutableArray<CacheFix> GetFixes(string diagnosticId)
        => diagnosticId == DiagnosticDescriptors.SharedCacheCapturesInstanceId ? s_fixes : ImmutableArray<CacheFix>.Empty;
}
