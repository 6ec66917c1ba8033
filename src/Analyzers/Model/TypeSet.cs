using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// A set of well-known types resolved once per compilation by metadata name (names the compilation lacks are simply
/// absent), and the membership checks the model's classifiers share.
/// </summary>
internal static class TypeSet
{
    public static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, params string[] metadataNames)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>(metadataNames.Length);
        foreach (var name in metadataNames)
        {
            if (compilation.GetWellKnownType(name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }

    public static bool IsOneOf(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(type, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
