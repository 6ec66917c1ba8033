using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.CodeFixes;

/// <summary>SC0005's fix: make the cache per-instance, the same rewrite as SC0001's first fix (docs/rules/SC0005.md).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedCacheIgnoresInstanceStateCodeFixProvider)), Shared]
public sealed class SharedCacheIgnoresInstanceStateCodeFixProvider : PreferredFixCodeFixProvider
{
    public SharedCacheIgnoresInstanceStateCodeFixProvider()
        : base(DiagnosticDescriptors.SharedCacheIgnoresInstanceStateId, MakeCachePerInstanceFix.Instance)
    {
    }
}
