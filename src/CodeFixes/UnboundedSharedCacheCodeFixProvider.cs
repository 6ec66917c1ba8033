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
    public UnboundedSharedCacheCodeFixProvider()
        : base(DiagnosticDescriptors.UnboundedSharedCacheId, BoundWithLruCacheFix.Instance)
    {
    }
}
