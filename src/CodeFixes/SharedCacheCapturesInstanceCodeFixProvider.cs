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
    public SharedCacheCapturesInstanceCodeFixProvider()
        : base(DiagnosticDescriptors.SharedCacheCapturesInstanceId, MakeCachePerInstanceFix.Instance, MakeMethodStaticFix.Instance, HoldInstanceWeaklyFix.Instance)
    {
    }
}
