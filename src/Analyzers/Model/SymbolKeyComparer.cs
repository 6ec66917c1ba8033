using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The comparer for every table the model and the rules key by symbol: <see cref="SymbolEqualityComparer.Default"/>'s
/// equality, with a hash that also covers what Roslyn's hash leaves out.
/// </summary>
/// <remarks>
/// Why: Roslyn hashes an anonymous type by its property names only, and a constructed type or a member of one through
/// those hashes. Every <c>new { Id, Name }</c> of a compilation (one per LINQ projection), every <c>List&lt;…&gt;</c> and
/// <c>IEnumerable&lt;…&gt;</c> of them and each of their members then share one hash code, so a per-compilation table
/// that holds them degrades into a list that grows with the compilation, and each lookup walked it (measured on the
/// analyzer benchmark's corpus: 59 types in one bucket at 30,000 lines, 252 at 120,000): the analyzers' cost per line
/// grew with code size. This hash adds the anonymous types' property types, wherever they occur in the symbol; a symbol
/// without an anonymous type keeps Roslyn's hash after a few type tests. Equal symbols (by the default comparer) have
/// equal parts, so they hash alike.
/// </remarks>
internal sealed class SymbolKeyComparer : IEqualityComparer<ISymbol?>
{
    public static readonly SymbolKeyComparer Instance = new();

    // Deep enough for a list of tuples of anonymous types; what lies deeper keeps Roslyn's hash (still consistent).
    private const int MaxDepth = 4;

    private SymbolKeyComparer()
    {
    }

    public bool Equals(ISymbol? x, ISymbol? y) => SymbolEqualityComparer.Default.Equals(x, y);

    public int GetHashCode(ISymbol? obj)
    {
        if (obj is null)
        {
            return 0;
        }

        var hash = SymbolEqualityComparer.Default.GetHashCode(obj);
        var anonymous = AnonymousPart(obj, 0);
        return anonymous == 0 ? hash : Combine(hash, anonymous);
    }

    /// <summary>What tells apart the anonymous types in the symbol: 0 when there is none (the common case, a few tests).</summary>
    private static int AnonymousPart(ISymbol symbol, int depth)
    {
        if (depth >= MaxDepth)
        {
            return 0;
        }

        switch (symbol.Kind)
        {
            case SymbolKind.NamedType:
                var named = (INamedTypeSymbol)symbol;
                if (named.IsAnonymousType)
                {
                    return PropertyTypesPart(named, depth);
                }

                // IsGenericType is also true for a type nested in a generic one: else nothing below can be anonymous.
                if (!named.IsGenericType)
                {
                    return 0;
                }

                var part = named.ContainingType is { } outer ? AnonymousPart(outer, depth + 1) : 0;
                foreach (var argument in named.TypeArguments)
                {
                    part = Combine(part, AnonymousPart(argument, depth + 1));
                }

                return part;
            case SymbolKind.ArrayType:
                return AnonymousPart(((IArrayTypeSymbol)symbol).ElementType, depth + 1);
            case SymbolKind.Method:
                var method = (IMethodSymbol)symbol;
                var inMethod = method.ContainingType is { } owner ? AnonymousPart(owner, depth + 1) : 0;
                if (method.IsGenericMethod)
                {
                    foreach (var argument in method.TypeArguments)
                    {
                        inMethod = Combine(inMethod, AnonymousPart(argument, depth + 1));
                    }
                }

                return inMethod;
            case SymbolKind.Property or SymbolKind.Field or SymbolKind.Event:
                return symbol.ContainingType is { } type ? AnonymousPart(type, depth + 1) : 0;
            default:
                return 0;
        }
    }

    private static int PropertyTypesPart(INamedTypeSymbol anonymous, int depth)
    {
        var hash = 1;
        foreach (var member in anonymous.GetMembers())
        {
            if (member is IPropertySymbol property)
            {
                hash = Combine(hash, SymbolEqualityComparer.Default.GetHashCode(property.Type) + AnonymousPart(property.Type, depth + 1));
            }
        }

        return hash;
    }

    private static int Combine(int hash, int part) => unchecked((hash * -1521134295) + part);
}
