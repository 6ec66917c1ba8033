using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SafeCache.Analyzers;
using SafeCache.CodeFixes.FixAll;
using SafeCache.CodeFixes.Fixes;

namespace SafeCache.CodeFixes;

/// <summary>
/// SC0004's fixes, in the order docs/rules/SC0004.md gives: compare keys by content (collection keys), make the key
/// immutable (a key type hashing settable state), make the key a record (a key class compared by reference). Each
/// diagnostic shape is served by one of them, so the order only matters where two could apply.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MutableOrIdentityCacheKeyCodeFixProvider)), Shared]
public sealed class MutableOrIdentityCacheKeyCodeFixProvider : PreferredFixCodeFixProvider
{
    public MutableOrIdentityCacheKeyCodeFixProvider()
        : base(DiagnosticDescriptors.MutableOrIdentityCacheKeyId, CompareKeysByContentFix.Instance, MakeKeyImmutableFix.Instance, MakeKeyRecordFix.Instance)
    {
    }
}
