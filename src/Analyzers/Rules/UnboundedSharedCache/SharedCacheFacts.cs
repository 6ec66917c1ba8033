using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>A memoising write with a key that comes from runtime data, and the member that performs it.</summary>
internal sealed class MemoWrite
{
    public MemoWrite(ISymbol member, ITypeSymbol? keyType, Location location, KeyBound bound, GrowthEvidence evidence)
    {
        Member = member;
        Evidence = evidence;
        KeyType = keyType;
        Location = location;
        Bound = bound;
    }

    /// <summary>What bounds the key, if anything: conditions (parameters, configuration) are settled at compilation end.</summary>
    public KeyBound Bound { get; }

    /// <summary>What shows that this write's keys grow without end, if anything.</summary>
    public GrowthEvidence Evidence { get; }

    public ISymbol Member { get; }

    /// <summary>The key's own type, before any conversion to the cache's key type (a <c>Type</c> stored under <c>object</c>).</summary>
    public ITypeSymbol? KeyType { get; }

    public Location Location { get; }
}

/// <summary>
/// What the whole compilation does with one shared cache. Operation actions run concurrently, so every member is
/// thread-safe; the compilation-end action reads it once all operations have been seen.
/// </summary>
internal sealed class SharedCacheFacts
{
    private readonly ConcurrentQueue<MemoWrite> _memoWrites = new();
    private readonly ConcurrentQueue<ISymbol> _shrinkingMembers = new();
    private int _creations;
    private int _creationsWithComparer;

    public SharedCacheFacts(CacheSymbol cache)
    {
        Cache = cache;
    }

    public CacheSymbol Cache { get; }

    /// <summary>
    /// The members in which something may take entries out or bound the cache: a removal, a <c>Clear</c>, a
    /// reassignment, a size guard, or the cache escaping to code that could do any of those.
    /// </summary>
    public IEnumerable<ISymbol> ShrinkingMembers => _shrinkingMembers;

    public void AddMemoWrite(MemoWrite write) => _memoWrites.Enqueue(write);

    public void AddShrink(ISymbol member) => _shrinkingMembers.Enqueue(member);

    /// <summary>A creation stored in the cache's field or property, with or without a key comparer.</summary>
    public void AddCreation(bool hasComparer)
    {
        Interlocked.Increment(ref _creations);
        if (hasComparer)
        {
            Interlocked.Increment(ref _creationsWithComparer);
        }
    }

    /// <summary>
    /// Every cache this field or property ever holds is created in sight without a key comparer: keys use their own
    /// equality, so an identity-compared key is never found again.
    /// </summary>
    public bool KeysUseTheirOwnEquality => Volatile.Read(ref _creations) > 0 && Volatile.Read(ref _creationsWithComparer) == 0;

    /// <summary>The memo writes in source order, so the reported one does not depend on analysis order.</summary>
    public IReadOnlyList<MemoWrite> GetMemoWrites()
        => _memoWrites
            .OrderBy(w => w.Location.SourceTree?.FilePath ?? string.Empty, System.StringComparer.Ordinal)
            .ThenBy(w => w.Location.SourceSpan.Start)
            .ToList();
}

/// <summary>The per-compilation table of shared caches and their facts.</summary>
internal sealed class SharedCacheFactTable
{
    private readonly ConcurrentDictionary<ISymbol, SharedCacheFacts> _facts = new(SymbolKeyComparer.Instance);

    /// <summary>
    /// The facts of a cache, keyed by its declaration: <c>Memo&lt;int&gt;.s_map</c> and <c>Memo&lt;string&gt;.s_map</c> are
    /// one field in source, described with its declared key type.
    /// </summary>
    public SharedCacheFacts For(CacheSymbol cache, CacheModel model)
        => _facts.GetOrAdd(
            cache.Symbol.OriginalDefinition,
            definition => new SharedCacheFacts(model.GetCacheSymbol(definition) ?? cache));

    public IEnumerable<SharedCacheFacts> All => _facts.Values;
}
