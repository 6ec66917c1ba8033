using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The cache types of one compilation and the role of each of their members, resolved once from metadata names.
/// A compilation that lacks a type (no Microsoft.Extensions.Caching, say) simply has no caches of that kind.
/// One catalog per distinct <c>safecache.additional_cache_types</c> value (<see cref="CacheModel.TypesFor(ISymbol)"/>):
/// the built-in types plus the configured ones.
/// </summary>
internal sealed class CacheTypeCatalog
{
    private static readonly string[] DictionaryReads = { WellKnownMemberNames.Indexer, "TryGetValue", "GetValueOrDefault" };
    private static readonly string[] DictionaryProbes = { "ContainsKey" };
    private static readonly string[] DictionaryWrites = { "Add", "TryAdd", "TryUpdate" };
    private static readonly string[] DictionaryGetOrAdds = { "GetOrAdd", "AddOrUpdate" };
    private static readonly string[] DictionaryRemoves = { "Remove", "TryRemove" };
    private static readonly string[] DictionaryShrinks = { "Clear", "TrimExcess" };

    private readonly Dictionary<ISymbol, CacheAccessKind> _roles = new(SymbolKeyComparer.Instance);

    // The names of every member that has a role. Overrides and implicit interface implementations keep their name, and
    // a call through an interface names the interface member, so a member of any other name has no role: most calls
    // and indexers leave on this one string lookup, before any symbol is compared.
    private readonly HashSet<string> _roleNames = new(StringComparer.Ordinal);
    private readonly List<(INamedTypeSymbol Type, CacheKind Kind)> _classes = new();
    private readonly List<(INamedTypeSymbol Type, CacheKind Kind)> _interfaces = new();
    private readonly ConcurrentDictionary<ITypeSymbol, CacheType?> _typeCache = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableDictionary<ISymbol, CacheAccessKind>> _implementationRoles = new(SymbolKeyComparer.Instance);
    private readonly INamedTypeSymbol? _idictionary;
    private readonly ITypeSymbol _object;
    private readonly ITypeSymbol _string;

    public CacheTypeCatalog(Compilation compilation, ImmutableArray<INamedTypeSymbol> additionalCacheTypes)
    {
        // Configured types speak the dictionary vocabulary: its names may have a role in some catalog, whatever this one holds.
        foreach (var (names, _) in DictionaryVocabulary().All())
        {
            _roleNames.UnionWith(names);
        }

        _object = compilation.GetSpecialType(SpecialType.System_Object);
        _string = compilation.GetSpecialType(SpecialType.System_String);
        _idictionary = compilation.GetWellKnownType(WellKnownTypeNames.IDictionary);
        AddInterface(_idictionary, CacheKind.Dictionary, DictionaryVocabulary());

        foreach (var name in new[]
        {
            WellKnownTypeNames.Dictionary,
            WellKnownTypeNames.ConcurrentDictionary,
            WellKnownTypeNames.SortedDictionary,
            WellKnownTypeNames.SortedList,
        })
        {
            AddClass(compilation.GetWellKnownType(name), CacheKind.Dictionary, DictionaryVocabulary());
        }

        // CollectionExtensions.TryAdd/Remove/GetValueOrDefault work on any IDictionary: roles, not a cache type.
        AddRoles(compilation.GetWellKnownType(WellKnownTypeNames.CollectionExtensions), DictionaryVocabulary());

        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.Hashtable), CacheKind.Hashtable, new Vocabulary
        {
            Reads = { WellKnownMemberNames.Indexer },
            Probes = { "ContainsKey", "Contains" },
            Writes = { "Add" },
            Removes = { "Remove" },
            Shrinks = { "Clear" },
        });

        var memoryCacheVocabulary = new Vocabulary
        {
            Reads = { "TryGetValue", "Get" },
            Writes = { "CreateEntry", "Set" },
            GetOrAdds = { "GetOrCreate", "GetOrCreateAsync" },
            Removes = { "Remove" },
            Shrinks = { "Compact", "Clear" },
        };
        AddInterface(compilation.GetWellKnownType(WellKnownTypeNames.IMemoryCache), CacheKind.MemoryCache, memoryCacheVocabulary);
        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.MemoryCache), CacheKind.MemoryCache, memoryCacheVocabulary);
        AddRoles(compilation.GetWellKnownType(WellKnownTypeNames.MemoryCacheExtensions), memoryCacheVocabulary);

        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.ObjectCache), CacheKind.ObjectCache, new Vocabulary
        {
            Reads = { WellKnownMemberNames.Indexer, "Get", "GetCacheItem" },
            Probes = { "Contains" },
            Writes = { "Add", "Set" },
            GetOrAdds = { "AddOrGetExisting" },
            Removes = { "Remove" },
            Shrinks = { "Trim" },
        });
        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.RuntimeMemoryCache), CacheKind.ObjectCache, new Vocabulary { Shrinks = { "Trim" } });

        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.ConditionalWeakTable), CacheKind.ConditionalWeakTable, new Vocabulary
        {
            Reads = { "TryGetValue" },
            Writes = { "Add", "AddOrUpdate", "TryAdd" },
            GetOrAdds = { "GetValue", "GetOrCreateValue", "GetOrAdd" },
            Removes = { "Remove" },
            Shrinks = { "Clear" },
        });

        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.LruCache), CacheKind.LruCache, DictionaryVocabulary());
        AddClass(compilation.GetWellKnownType(WellKnownTypeNames.WeakLruCache), CacheKind.WeakLruCache, new Vocabulary
        {
            Reads = { "TryGetValue" },
            GetOrAdds = { "GetOrAdd" },
            Removes = { "Remove" },
            Shrinks = { "Clear" },
        });

        foreach (var configured in additionalCacheTypes)
        {
            // A configured type speaks the dictionary vocabulary, on itself and on the bases it inherits from.
            for (var type = configured; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                AddRoles(type, DictionaryVocabulary());
            }

            (configured.TypeKind == TypeKind.Interface ? _interfaces : _classes).Add((configured, CacheKind.Configured));
        }
    }

    /// <summary>The cache type of a symbol's declared type, or null when it is not a cache.</summary>
    public CacheType? Classify(ITypeSymbol type) => CannotBeCache(type) ? null : _typeCache.GetOrAdd(type, ClassifyCore);

    /// <summary>
    /// Types no catalog makes a cache, decided without a table lookup: most locals, fields and properties are of these
    /// (an <c>int</c>, a <c>string</c>, an enum, a tuple, an anonymous type of a LINQ projection).
    /// </summary>
    private static bool CannotBeCache(ITypeSymbol type)
        => type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface or TypeKind.Struct } named
           || named.IsAnonymousType || named.IsTupleType
           || named.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String;

    /// <summary>
    /// True when the member's name is one a cache member has in some catalog: a member of any other name has no role,
    /// whatever the configuration (the cheap first test on every call and indexer).
    /// </summary>
    public bool HasRoleName(ISymbol member) => _roleNames.Contains(member.Name);

    /// <summary>The role of an invoked method or indexer on a cache, following overrides and interface implementations.</summary>
    public bool TryGetRole(ISymbol member, out CacheAccessKind kind)
    {
        if (!_roleNames.Contains(member.Name))
        {
            kind = default;
            return false;
        }

        var current = member.OriginalDefinition;
        if (current is IMethodSymbol { ReducedFrom: { } unreduced })
        {
            current = unreduced.OriginalDefinition;
        }

        for (var candidate = current; candidate is not null; candidate = candidate.OverriddenMember())
        {
            if (_roles.TryGetValue(candidate, out kind))
            {
                return true;
            }
        }

        if (member.ContainingType is { } containingType && _interfaces.Count > 0)
        {
            return ImplementationRoles(containingType).TryGetValue(current, out kind);
        }

        kind = default;
        return false;
    }

    private CacheType? ClassifyCore(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        // Classes first (most specific), walking up the base types; then the interfaces.
        for (var current = named; current is not null; current = current.BaseType)
        {
            foreach (var (candidate, kind) in _classes)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, candidate))
                {
                    return Create(kind, named, current);
                }
            }
        }

        foreach (var (candidate, kind) in _interfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, candidate))
            {
                return Create(kind, named, named);
            }

            foreach (var implemented in named.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
                {
                    return Create(kind, named, implemented);
                }
            }
        }

        return null;
    }

    private CacheType Create(CacheKind kind, INamedTypeSymbol declared, INamedTypeSymbol matched)
    {
        var args = matched.TypeArguments;
        return kind switch
        {
            CacheKind.Hashtable or CacheKind.MemoryCache => new CacheType(kind, declared, _object, _object),
            CacheKind.ObjectCache => new CacheType(kind, declared, _string, _object),
            CacheKind.WeakLruCache when args.Length == 3 => new CacheType(kind, declared, args[1], args[2]),
            _ when args.Length == 2 => new CacheType(kind, declared, args[0], args[1]),
            _ => FromDictionaryInterface(kind, declared),
        };
    }

    private CacheType FromDictionaryInterface(CacheKind kind, INamedTypeSymbol declared)
    {
        var dictionary = declared.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _idictionary));
        return dictionary is null
            ? new CacheType(kind, declared, null, null)
            : new CacheType(kind, declared, dictionary.TypeArguments[0], dictionary.TypeArguments[1]);
    }

    private ImmutableDictionary<ISymbol, CacheAccessKind> ImplementationRoles(INamedTypeSymbol type)
        => _implementationRoles.GetOrAdd(type, t =>
        {
            var builder = ImmutableDictionary.CreateBuilder<ISymbol, CacheAccessKind>(SymbolKeyComparer.Instance);
            foreach (var implemented in t.AllInterfaces)
            {
                if (!_interfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.Type, implemented.OriginalDefinition)))
                {
                    continue;
                }

                foreach (var member in implemented.GetMembers())
                {
                    if (_roles.TryGetValue(member.OriginalDefinition, out var kind)
                        && t.FindImplementationForInterfaceMember(member) is { } implementation)
                    {
                        builder[implementation.OriginalDefinition] = kind;
                    }
                }
            }

            return builder.ToImmutable();
        });

    private void AddClass(INamedTypeSymbol? type, CacheKind kind, Vocabulary vocabulary)
    {
        if (type is null)
        {
            return;
        }

        _classes.Add((type, kind));
        AddRoles(type, vocabulary);
    }

    private void AddInterface(INamedTypeSymbol? type, CacheKind kind, Vocabulary vocabulary)
    {
        if (type is null)
        {
            return;
        }

        _interfaces.Add((type, kind));
        AddRoles(type, vocabulary);
    }

    private void AddRoles(INamedTypeSymbol? type, Vocabulary vocabulary)
    {
        if (type is null)
        {
            return;
        }

        foreach (var (names, kind) in vocabulary.All())
        {
            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol or IPropertySymbol { IsIndexer: true } && !_roles.ContainsKey(member))
                    {
                        _roles.Add(member, kind);
                        _roleNames.Add(member.Name);
                    }
                }
            }
        }
    }

    private static Vocabulary DictionaryVocabulary() => new()
    {
        Reads = { DictionaryReads },
        Probes = { DictionaryProbes },
        Writes = { DictionaryWrites },
        GetOrAdds = { DictionaryGetOrAdds },
        Removes = { DictionaryRemoves },
        Shrinks = { DictionaryShrinks },
    };

    /// <summary>Member names of a cache type grouped by what they do; resolved to symbols once.</summary>
    private sealed class Vocabulary
    {
        public NameList Reads { get; } = new();

        public NameList Probes { get; } = new();

        public NameList Writes { get; } = new();

        public NameList GetOrAdds { get; } = new();

        public NameList Removes { get; } = new();

        public NameList Shrinks { get; } = new();

        public IEnumerable<(NameList Names, CacheAccessKind Kind)> All()
        {
            yield return (Reads, CacheAccessKind.Read);
            yield return (Probes, CacheAccessKind.Probe);
            yield return (Writes, CacheAccessKind.Write);
            yield return (GetOrAdds, CacheAccessKind.GetOrAdd);
            yield return (Removes, CacheAccessKind.Remove);
            yield return (Shrinks, CacheAccessKind.Shrink);
        }
    }

    private sealed class NameList : List<string>
    {
        public void Add(string[] names) => AddRange(names);
    }
}
