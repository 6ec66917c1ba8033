namespace SafeCache.Analyzers.Model;

/// <summary>The families of cache types the model recognises; each has its own read/write vocabulary.</summary>
internal enum CacheKind
{
    /// <summary><c>IDictionary&lt;,&gt;</c> and its implementations: Dictionary, ConcurrentDictionary, SortedDictionary, SortedList.</summary>
    Dictionary,

    /// <summary>The non-generic <c>System.Collections.Hashtable</c>.</summary>
    Hashtable,

    /// <summary><c>Microsoft.Extensions.Caching.Memory.IMemoryCache</c> and <c>MemoryCache</c>.</summary>
    MemoryCache,

    /// <summary><c>System.Runtime.Caching.ObjectCache</c> and its <c>MemoryCache</c>.</summary>
    ObjectCache,

    /// <summary><c>ConditionalWeakTable&lt;,&gt;</c>: keys are held weakly.</summary>
    ConditionalWeakTable,

    /// <summary>SafeCache's bounded <c>LruCache&lt;,&gt;</c>.</summary>
    LruCache,

    /// <summary>SafeCache's <c>WeakLruCache&lt;,,&gt;</c>: the owner is held weakly.</summary>
    WeakLruCache,

    /// <summary>A type named in <c>safecache.additional_cache_types</c>.</summary>
    Configured,
}
