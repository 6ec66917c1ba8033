using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The <c>safecache.*</c> settings from <c>.editorconfig</c>/<c>.globalconfig</c>, read once per compilation.
/// A value set for any file applies to the whole compilation: cache types and key domains are project-wide facts.
/// </summary>
internal sealed class CacheModelOptions
{
    public const string AdditionalCacheTypesKey = "safecache.additional_cache_types";
    public const string BoundedKeyTypesKey = "safecache.bounded_key_types";
    public const string DefaultCapacityKey = "safecache.default_capacity";
    public const string ReportConfigurationBoundedKeysKey = "safecache.report_configuration_bounded_keys";
    public const int DefaultCapacity = 128;

    private CacheModelOptions(ImmutableArray<INamedTypeSymbol> additionalCacheTypes, ImmutableArray<INamedTypeSymbol> boundedKeyTypes, bool reportConfigurationBoundedKeys)
    {
        AdditionalCacheTypes = additionalCacheTypes;
        BoundedKeyTypes = boundedKeyTypes;
        ReportConfigurationBoundedKeys = reportConfigurationBoundedKeys;
    }

    /// <summary>
    /// <c>safecache.report_configuration_bounded_keys = true</c>: also report caches keyed by names read from
    /// configuration (logger, queue or counter names). Off by default: such a key set is usually as small as the settings.
    /// </summary>
    public bool ReportConfigurationBoundedKeys { get; }

    /// <summary>Types named in <c>safecache.additional_cache_types</c> that this compilation knows.</summary>
    public ImmutableArray<INamedTypeSymbol> AdditionalCacheTypes { get; }

    /// <summary>Types named in <c>safecache.bounded_key_types</c> that this compilation knows.</summary>
    public ImmutableArray<INamedTypeSymbol> BoundedKeyTypes { get; }

    public static CacheModelOptions Create(Compilation compilation, AnalyzerOptions options)
    {
        return new CacheModelOptions(
            ResolveTypes(compilation, ReadAll(compilation, options, AdditionalCacheTypesKey)),
            ResolveTypes(compilation, ReadAll(compilation, options, BoundedKeyTypesKey)),
            ReadAll(compilation, options, ReportConfigurationBoundedKeysKey).Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// <c>safecache.default_capacity</c> for one file; invalid or missing values fall back to 128 so that odd
    /// configuration never breaks a fix.
    /// </summary>
    public static int GetDefaultCapacity(AnalyzerConfigOptions options)
    {
        return options.TryGetValue(DefaultCapacityKey, out var text)
            && int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0
            ? value
            : DefaultCapacity;
    }

    private static IEnumerable<string> ReadAll(Compilation compilation, AnalyzerOptions options, string key)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (provider.GlobalOptions.TryGetValue(key, out var global))
        {
            seen.Add(global);
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.GetOptions(tree).TryGetValue(key, out var value))
            {
                seen.Add(value);
            }
        }

        foreach (var value in seen)
        {
            foreach (var part in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Trim();
                if (name.Length > 0)
                {
                    yield return name;
                }
            }
        }
    }

    private static ImmutableArray<INamedTypeSymbol> ResolveTypes(Compilation compilation, IEnumerable<string> names)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in names)
        {
            // Accept both "Ns.Cache" and the metadata form "Ns.Cache`2"; unknown names are ignored, not errors.
            var type = compilation.GetTypeByMetadataName(name)
                ?? compilation.GetTypeByMetadataName(name + "`1")
                ?? compilation.GetTypeByMetadataName(name + "`2")
                ?? compilation.GetTypeByMetadataName(name + "`3");
            if (type is not null && !System.Linq.Enumerable.Contains(builder, type, SymbolEqualityComparer.Default))
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }
}
