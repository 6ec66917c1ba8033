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
    public CachedMutableValueEscapesCodeFixProvider()
        : base(DiagnosticDescriptors.CachedMutableValueEscapesId, ReturnCopyFix.Instance, StoreReadOnlyValueFix.Instance)
    {
    }
}
