using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

/// <summary>Where a value goes that only the rest of the compilation can judge.</summary>
internal enum UseDependencyKind
{
    /// <summary>Passed to a parameter of a method of this compilation: read-only when every use of the parameter only reads.</summary>
    Parameter,

    /// <summary>Stored in a field or auto-property only this assembly sees: read-only when every read of it only reads.</summary>
    Storage,

    /// <summary>Returned by a helper: read-only when every use of the helper's result only reads.</summary>
    Returned,
}

/// <summary>One thing a use's verdict waits for.</summary>
internal readonly struct UseDependency : IEquatable<UseDependency>
{
    public UseDependency(ISymbol symbol, UseDependencyKind kind)
    {
        Symbol = symbol.OriginalDefinition;
        Kind = kind;
    }

    public ISymbol Symbol { get; }

    public UseDependencyKind Kind { get; }

    public bool Equals(UseDependency other) => Kind == other.Kind && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

    public override bool Equals(object? obj) => obj is UseDependency other && Equals(other);

    public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Symbol) * 3 + (int)Kind;
}

/// <summary>
/// What the uses of a value do to it: may change it, only read it, or only read it provided that the parameters,
/// storages and helpers it flows into only read it (decided when the whole compilation has been seen).
/// </summary>
internal sealed class UseVerdict
{
    public static readonly UseVerdict Reads = new(mayChange: false, ImmutableArray<UseDependency>.Empty);
    public static readonly UseVerdict Changes = new(mayChange: true, ImmutableArray<UseDependency>.Empty);

    private UseVerdict(bool mayChange, ImmutableArray<UseDependency> dependencies)
    {
        MayChange = mayChange;
        Dependencies = dependencies;
    }

    public bool MayChange { get; }

    /// <summary>What must also only read, when <see cref="MayChange"/> is false.</summary>
    public ImmutableArray<UseDependency> Dependencies { get; }

    public bool OnlyReads => !MayChange && Dependencies.IsEmpty;

    public static UseVerdict On(ISymbol symbol, UseDependencyKind kind)
        => new(mayChange: false, ImmutableArray.Create(new UseDependency(symbol, kind)));

    /// <summary>Both uses happen: the value is only read if both only read it.</summary>
    public UseVerdict And(UseVerdict other)
    {
        if (MayChange || other.OnlyReads)
        {
            return this;
        }

        if (other.MayChange || OnlyReads)
        {
            return other;
        }

        var builder = Dependencies.ToBuilder();
        foreach (var dependency in other.Dependencies)
        {
            if (!builder.Contains(dependency))
            {
                builder.Add(dependency);
            }
        }

        return builder.Count == Dependencies.Length ? this : new UseVerdict(mayChange: false, builder.ToImmutable());
    }
}
