namespace SafeCache.Analyzers.Model;

/// <summary>What a recognised cache operation does to the cache.</summary>
internal enum CacheAccessKind
{
    /// <summary>Looks a key up and returns its value: <c>TryGetValue</c>, indexer get, <c>Get</c>.</summary>
    Read,

    /// <summary>Asks whether a key is present: <c>ContainsKey</c>, <c>Contains</c>.</summary>
    Probe,

    /// <summary>Stores a value unconditionally: <c>Add</c>, <c>TryAdd</c>, indexer set, <c>Set</c>, <c>TryUpdate</c>, <c>CreateEntry</c>.</summary>
    Write,

    /// <summary>Computes and stores a value on a miss: <c>GetOrAdd</c>, <c>GetOrCreate</c>, <c>AddOrUpdate</c>, <c>GetValue</c>, <c>??=</c> on an indexer.</summary>
    GetOrAdd,

    /// <summary>Removes one entry: <c>Remove</c>, <c>TryRemove</c>.</summary>
    Remove,

    /// <summary>Removes many entries: <c>Clear</c>, <c>TrimExcess</c>, <c>Compact</c>, <c>Trim</c>.</summary>
    Shrink,
}

internal static class CacheAccessKindExtensions
{
    /// <summary>True for the kinds that put something into the cache.</summary>
    public static bool IsWrite(this CacheAccessKind kind) => kind is CacheAccessKind.Write or CacheAccessKind.GetOrAdd;

    /// <summary>True for the kinds that look a key up without storing.</summary>
    public static bool IsLookup(this CacheAccessKind kind) => kind is CacheAccessKind.Read or CacheAccessKind.Probe;

    /// <summary>True for the kinds that take entries out.</summary>
    public static bool IsRemoval(this CacheAccessKind kind) => kind is CacheAccessKind.Remove or CacheAccessKind.Shrink;
}
