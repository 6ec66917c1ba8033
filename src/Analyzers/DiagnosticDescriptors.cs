using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers;

/// <summary>The one place where SafeCache rule IDs, titles and messages are defined.</summary>
internal static class DiagnosticDescriptors
{
    public const string SharedCacheCapturesInstanceId = "SC0001";
    public const string CachedMutableValueEscapesId = "SC0002";
    public const string UnboundedSharedCacheId = "SC0003";
    public const string MutableOrIdentityCacheKeyId = "SC0004";
    public const string SharedCacheIgnoresInstanceStateId = "SC0005";

    private const string UnboundedSharedCacheDescription =
        "A static memo cache keyed by runtime data that nothing ever removes from, a MemoryCache without SizeLimit or an LruCache of capacity int.MaxValue grows for the life of the process, like Python's lru_cache(maxsize=None).";

    private const string MutableOrIdentityCacheKeyDescription =
        "A cache key must equal the next request's key and must not change while it is stored. Arrays, lists and classes without Equals/GetHashCode are compared by reference, so a lookup with a freshly built key always misses while the cache grows; a key whose hash code reads settable state is lost once it changes. Python's lru_cache rejects such unhashable arguments outright.";

    private const string SharedCacheCapturesInstanceMessage = "Static cache '{0}' stores 'this' in its {1}: every '{2}' that calls '{3}' stays alive as long as the cache";

    private const string SharedCacheCapturesInstanceDescription =
        "A static cache lives as long as the process. Storing 'this' in its key, in a value or in a delegate it keeps pins every instance that ever wrote to it, like Python's lru_cache on a method (flake8-bugbear B019).";

    private const string SharedCacheIgnoresInstanceStateMessage =
        "Static cache '{0}' is keyed by '{1}' alone but the value reads '{2}'{3}: another '{4}' instance whose '{5}' differs gets this one's result";

    private const string SharedCacheIgnoresInstanceStateDescription =
        "A static cache whose key does not include the instance, filled with a value computed from instance state, serves one instance's result to every other instance: the mirror image of SC0001, like Python's lru_cache on a method whose result depends on self's attributes.";

    private const string CachedMutableValueEscapesMessage = "{0} returns the {1} stored in cache '{2}': a caller that changes it changes the cache for every later caller";

    private const string CachedMutableValueEscapesDescription =
        "A cache stores the object, not a copy. Returning a cached List, array, Dictionary or other mutable object hands every caller the same instance: one caller's Add, Remove or [i] = silently changes what every later caller gets, like a list returned by Python's functools.lru_cache.";

    private const string HelpLinkBase = "https://github.com/safecache/safecache/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor SharedCacheCapturesInstance = Create(
        SharedCacheCapturesInstanceId,
        title: "A shared cache keeps instances alive",
        messageFormat: SharedCacheCapturesInstanceMessage,
        category: Categories.Reliability,
        description: SharedCacheCapturesInstanceDescription);

    // A factory passed to another type's helper: known to reach a static cache only once every type has been seen.
    public static readonly DiagnosticDescriptor SharedCacheCapturesInstanceAtEnd = Create(
        SharedCacheCapturesInstanceId,
        title: "A shared cache keeps instances alive",
        messageFormat: SharedCacheCapturesInstanceMessage,
        category: Categories.Reliability,
        description: SharedCacheCapturesInstanceDescription,
        isCompilationEnd: true);

    public static readonly DiagnosticDescriptor CachedMutableValueEscapes = Create(
        CachedMutableValueEscapesId,
        title: "A cached mutable value escapes to callers",
        messageFormat: CachedMutableValueEscapesMessage,
        category: Categories.Reliability,
        description: CachedMutableValueEscapesDescription);

    // The memo writes that make the dictionary a cache are in another type: known once every type has been seen.
    public static readonly DiagnosticDescriptor CachedMutableValueEscapesAtEnd = Create(
        CachedMutableValueEscapesId,
        title: "A cached mutable value escapes to callers",
        messageFormat: CachedMutableValueEscapesMessage,
        category: Categories.Reliability,
        description: CachedMutableValueEscapesDescription,
        isCompilationEnd: true);

    public static readonly DiagnosticDescriptor UnboundedSharedCache = Create(
        UnboundedSharedCacheId,
        title: "A long-lived cache grows without bound",
        messageFormat: "Static cache '{0}' is keyed by '{1}' values from '{2}' and nothing ever removes entries: it grows for the life of the process",
        category: Categories.Performance,
        description: UnboundedSharedCacheDescription,
        isCompilationEnd: true);

    // The same shape when nothing shows that the keys are more than a set fixed in ways the analyzer cannot see
    // (configuration, the program's own names and shapes). The analyzer reports it with the effective severity Info,
    // so the ID keeps one default (Warning) for the evident cases, and an explicit severity in .editorconfig applies
    // to both.
    public static readonly DiagnosticDescriptor UnboundedSharedCacheUnproven = Create(
        UnboundedSharedCacheId,
        title: "A long-lived cache grows without bound",
        messageFormat: "Static cache '{0}' is keyed by '{1}' values from '{2}' and nothing ever removes entries: unless those keys come from a fixed set, it grows for the life of the process",
        category: Categories.Performance,
        description: UnboundedSharedCacheDescription,
        isCompilationEnd: true);

    // A MemoryCache without SizeLimit waits for the compilation's writes: where every entry expires, it is bounded by
    // time and reported as a suggestion (the same ID; the severity is given when reporting).
    public static readonly DiagnosticDescriptor UnboundedMemoryCache = Create(
        UnboundedSharedCacheId,
        title: "A long-lived cache grows without bound",
        messageFormat: "{0} creates a long-lived MemoryCache without SizeLimit: nothing evicts entries for size and it grows for the life of the process",
        category: Categories.Performance,
        description: UnboundedSharedCacheDescription,
        isCompilationEnd: true);

    public static readonly DiagnosticDescriptor UnboundedExpiringMemoryCache = Create(
        UnboundedSharedCacheId,
        title: "A long-lived cache grows without bound",
        messageFormat: "{0} creates a long-lived MemoryCache without SizeLimit: its entries expire, but nothing limits how many it holds until they do",
        category: Categories.Performance,
        description: UnboundedSharedCacheDescription,
        isCompilationEnd: true);

    // The int.MaxValue capacity shows in one operation: it has no CompilationEnd tag, so the IDE reports it live.
    public static readonly DiagnosticDescriptor UnboundedCacheCapacity = Create(
        UnboundedSharedCacheId,
        title: "A long-lived cache grows without bound",
        messageFormat: "'{0}' with capacity int.MaxValue is never bounded: it grows for the life of the process",
        category: Categories.Performance,
        description: UnboundedSharedCacheDescription);

    public static readonly DiagnosticDescriptor CollectionCacheKey = Create(
        MutableOrIdentityCacheKeyId,
        title: "A cache key is mutable or compared by identity",
        messageFormat: "Cache '{0}' compares its '{1}' keys by reference: a new {2} never finds the cached entry",
        category: Categories.Correctness,
        description: MutableOrIdentityCacheKeyDescription);

    // A field or property no code in the compilation ever assigns: known only once every file has been seen.
    public static readonly DiagnosticDescriptor CollectionCacheKeyAtEnd = Create(
        MutableOrIdentityCacheKeyId,
        title: "A cache key is mutable or compared by identity",
        messageFormat: "Cache '{0}' compares its '{1}' keys by reference: a new {2} never finds the cached entry",
        category: Categories.Correctness,
        description: MutableOrIdentityCacheKeyDescription,
        isCompilationEnd: true);

    public static readonly DiagnosticDescriptor MutableHashCacheKey = Create(
        MutableOrIdentityCacheKeyId,
        title: "A cache key is mutable or compared by identity",
        messageFormat: "Cache '{0}' is keyed by '{1}', whose hash code reads '{2}', which can change after the key is stored: the entry is then never found again",
        category: Categories.Correctness,
        description: MutableOrIdentityCacheKeyDescription,
        isCompilationEnd: true);

    public static readonly DiagnosticDescriptor FreshIdentityCacheKey = Create(
        MutableOrIdentityCacheKeyId,
        title: "A cache key is mutable or compared by identity",
        messageFormat: "Cache '{0}' compares '{1}' keys by reference: this new key never equals a stored one, so the lookup always misses and the cache only grows",
        category: Categories.Correctness,
        description: MutableOrIdentityCacheKeyDescription,
        isCompilationEnd: true);

    public static readonly DiagnosticDescriptor SharedCacheIgnoresInstanceState = Create(
        SharedCacheIgnoresInstanceStateId,
        title: "A shared cache ignores instance state",
        messageFormat: SharedCacheIgnoresInstanceStateMessage,
        category: Categories.Correctness,
        description: SharedCacheIgnoresInstanceStateDescription);

    // A factory passed to another type's helper: known to reach a static cache only once every type has been seen.
    public static readonly DiagnosticDescriptor SharedCacheIgnoresInstanceStateAtEnd = Create(
        SharedCacheIgnoresInstanceStateId,
        title: "A shared cache ignores instance state",
        messageFormat: SharedCacheIgnoresInstanceStateMessage,
        category: Categories.Correctness,
        description: SharedCacheIgnoresInstanceStateDescription,
        isCompilationEnd: true);

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, string description, bool isCompilationEnd = false)
        => new(
            id,
            title,
            messageFormat,
            category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: isCompilationEnd ? new[] { WellKnownDiagnosticTags.CompilationEnd } : System.Array.Empty<string>());

    private static class Categories
    {
        public const string Reliability = "Reliability";
        public const string Performance = "Performance";
        public const string Correctness = "Correctness";
    }
}
