namespace SafeCache.Analyzers.Model;

/// <summary>Why a cache write stores what it stores: only a memo write makes a cache that can be evicted without loss.</summary>
internal enum WriteIntent
{
    /// <summary>An unconditional store: a registry's <c>Register(name, handler)</c>, an assignment of the latest value.</summary>
    Store,

    /// <summary>A value computed from the key on a miss: dropping the entry only costs recomputing it.</summary>
    Memo,

    /// <summary>
    /// A get-or-add whose value is not a function of the key: supplied by the caller (<c>Add(key, value)</c> behind a
    /// <c>ContainsKey</c>), not computed from the key at all, or a fresh mutable object per name that callers then
    /// mutate (named counters, sequences, queues). Evicting such an entry loses state.
    /// </summary>
    Registry,

    /// <summary>A value accumulated from the previous one: <c>AddOrUpdate</c> reading the old value, <c>s_counts[k] += 1</c>.</summary>
    Accumulator,
}
