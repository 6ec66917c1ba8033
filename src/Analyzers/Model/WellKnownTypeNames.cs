using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Metadata names of the types the model recognises by name, spelled once, and the lookup every part of the model
/// uses to resolve them.
/// </summary>
internal static class WellKnownTypeNames
{
    public const string LruCache = "SafeCache.LruCache`2";
    public const string WeakLruCache = "SafeCache.WeakLruCache`3";
    public const string SequenceEqualityComparer = "SafeCache.SequenceEqualityComparer`1";
    public const string MemoryCache = "Microsoft.Extensions.Caching.Memory.MemoryCache";
    public const string MemoryCacheOptions = "Microsoft.Extensions.Caching.Memory.MemoryCacheOptions";
    public const string IMemoryCache = "Microsoft.Extensions.Caching.Memory.IMemoryCache";
    public const string MemoryCacheExtensions = "Microsoft.Extensions.Caching.Memory.CacheExtensions";
    public const string ICacheEntry = "Microsoft.Extensions.Caching.Memory.ICacheEntry";
    public const string MemoryCacheEntryOptions = "Microsoft.Extensions.Caching.Memory.MemoryCacheEntryOptions";
    public const string CacheEntryExtensions = "Microsoft.Extensions.Caching.Memory.CacheEntryExtensions";
    public const string MemoryCacheEntryExtensions = "Microsoft.Extensions.Caching.Memory.MemoryCacheEntryExtensions";
    public const string IChangeToken = "Microsoft.Extensions.Primitives.IChangeToken";
    public const string TimeSpan = "System.TimeSpan";
    public const string ObjectCache = "System.Runtime.Caching.ObjectCache";
    public const string RuntimeMemoryCache = "System.Runtime.Caching.MemoryCache";
    public const string ConditionalWeakTable = "System.Runtime.CompilerServices.ConditionalWeakTable`2";
    public const string Dictionary = "System.Collections.Generic.Dictionary`2";
    public const string ConcurrentDictionary = "System.Collections.Concurrent.ConcurrentDictionary`2";
    public const string SortedDictionary = "System.Collections.Generic.SortedDictionary`2";
    public const string SortedList = "System.Collections.Generic.SortedList`2";
    public const string IDictionary = "System.Collections.Generic.IDictionary`2";
    public const string IReadOnlyDictionary = "System.Collections.Generic.IReadOnlyDictionary`2";
    public const string CollectionExtensions = "System.Collections.Generic.CollectionExtensions";
    public const string Hashtable = "System.Collections.Hashtable";
    public const string IEqualityComparer = "System.Collections.Generic.IEqualityComparer`1";
    public const string IComparer = "System.Collections.Generic.IComparer`1";
    public const string NonGenericEqualityComparer = "System.Collections.IEqualityComparer";
    public const string NonGenericComparer = "System.Collections.IComparer";
    public const string WeakReference = "System.WeakReference";
    public const string GenericWeakReference = "System.WeakReference`1";
    public const string Guid = "System.Guid";
    public const string DateTimeOffset = "System.DateTimeOffset";
    public const string Tuple = "System.Tuple";
    public const string ValueTuple = "System.ValueTuple";
    public const string KeyValuePair = "System.Collections.Generic.KeyValuePair";
    public const string Lazy = "System.Lazy`1";
    public const string Task = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask`1";
    public const string IEquatable = "System.IEquatable`1";
    public const string ImmutableArray = "System.Collections.Immutable.ImmutableArray`1";
    public const string Enum = "System.Enum";
    public const string Type = "System.Type";
    public const string Assembly = "System.Reflection.Assembly";
    public const string Encoding = "System.Text.Encoding";
    public const string TimeZoneInfo = "System.TimeZoneInfo";

    /// <summary>
    /// The type with this metadata name. When two assemblies define it (a polyfill beside the framework's, a vendored
    /// copy), <c>GetTypeByMetadataName</c> gives up; like roslyn-analyzers' <c>WellKnownTypeProvider</c>, this prefers
    /// the compilation's own definition, else the only one the compilation can see.
    /// </summary>
    public static INamedTypeSymbol? GetWellKnownType(this Compilation compilation, string metadataName)
    {
        if (compilation.GetTypeByMetadataName(metadataName) is { } unique)
        {
            return unique;
        }

        INamedTypeSymbol? visible = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                if (visible is not null)
                {
                    return null; // two visible definitions: no way to tell which one the code means
                }

                visible = candidate;
            }
        }

        return visible;
    }
}
