using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The <c>safecache.*</c> settings that apply to one file (<see cref="CacheModelOptions.For"/>): the global values
/// merged with the file's <c>.editorconfig</c> sections. Files with the same values share the same type arrays.
/// </summary>
internal sealed class CacheSettings
{
    public CacheSettings(ImmutableArray<INamedTypeSymbol> additionalCacheTypes, ImmutableArray<INamedTypeSymbol> boundedKeyTypes, bool reportConfigurationBoundedKeys, bool reportReflectionLookups)
    {
        AdditionalCacheTypes = additionalCacheTypes;
        BoundedKeyTypes = boundedKeyTypes;
        ReportConfigurationBoundedKeys = reportConfigurationBoundedKeys;
        ReportReflectionLookups = reportReflectionLookups;
    }

    /// <summary>Types named in <c>safecache.additional_cache_types</c> that this compilation knows.</summary>
    public ImmutableArray<INamedTypeSymbol> AdditionalCacheTypes { get; }

    /// <summary>Types named in <c>safecache.bounded_key_types</c> that this compilation knows.</summary>
    public ImmutableArray<INamedTypeSymbol> BoundedKeyTypes { get; }

    /// <summary>
    /// <c>safecache.report_configuration_bounded_keys = true</c>: also report caches keyed by names read from
    /// configuration (logger, queue or counter names). Off by default: such a key set is usually as small as the settings.
    /// A file's own true/false wins over the global value.
    /// </summary>
    public bool ReportConfigurationBoundedKeys { get; }

    /// <summary>
    /// <c>safecache.report_reflection_lookups = true</c>: also report caches whose values are reflection objects (a
    /// <c>PropertyInfo</c> per type and name, a <c>Type</c> or <c>CultureInfo</c> per name) when the names are not
    /// provably bounded. Off by default: on real code such caches are almost always fed the program's own names.
    /// </summary>
    public bool ReportReflectionLookups { get; }
}
