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

    /// <summary>As <see cref="Resolve"/>, as a set: for classifiers that ask "is this one of them" of many types.</summary>
    public static ImmutableHashSet<ITypeSymbol> ResolveSet(Compilation compilation, params string[] metadataNames)
        => Resolve(compilation, metadataNames).ToImmutableHashSet<ITypeSymbol>(SymbolKeyComparer.Instance);

    /// <summary>
    /// The definitions of the named members (methods, properties) of well-known types: what a classifier recognises a
    /// call or a property by. A type the compilation lacks adds nothing.
    /// </summary>
    public static ImmutableHashSet<ISymbol> ResolveMembers(Compilation compilation, params (string Type, string[] Names)[] declarations)
    {
        var members = ImmutableHashSet.CreateBuilder<ISymbol>(SymbolKeyComparer.Instance);
        foreach (var (typeName, names) in declarations)
        {
            if (compilation.GetWellKnownType(typeName) is not { } type)
            {
                continue;
            }

            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    members.Add(member.OriginalDefinition);
                }
            }
        }

        return members.ToImmutable();
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
