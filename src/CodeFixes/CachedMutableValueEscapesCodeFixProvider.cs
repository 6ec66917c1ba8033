using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.CodeFixes;

/// <summary>SC0002's fixes, in the order docs/rules/SC0002.md gives: return a copy, store a read-only value.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CachedMutableValueEscapesCodeFixProvider)), Shared]
public sealed class CachedMutableValueEscapesCodeFixProvider : PreferredFixCodeFixProvider
{
    private static readonly ImmutableArray<CacheFix> s_fixes = ImmutableArray.Create<CacheFix>(ReturnCopyFix.Instance, StoreReadOnlyValueFix.Instance);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CachedMutableValueEscapesId);

    public override ImmutableArray<CacheFix> GetFixes(string diagnosticId)
        => diagnosticId == DiagnosticDescriptors.CachedMutableValueEscapesId ? s_fixes : ImmutableArray<CacheFix>.Empty;
}
