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

    /// <summary>Reads the settings once per compilation: the shared model (<see cref="CacheModel.For"/>) is built once.</summary>
    public static CacheModelOptions Create(Compilation compilation, AnalyzerOptions options)
    {
        var sources = DistinctSources(compilation, options.AnalyzerConfigOptionsProvider);
        return new CacheModelOptions(
            ResolveTypes(compilation, ReadAll(sources, AdditionalCacheTypesKey)),
            ResolveTypes(compilation, ReadAll(sources, BoundedKeyTypesKey)),
            ReadAll(sources, ReportConfigurationBoundedKeysKey).Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// <c>safecache.default_capacity</c> for one file; invalid or missing values fall back to 128 so that odd
    /// configuration never breaks a fix. <c>int.MaxValue</c> is refused too: SC0003 reports that capacity as unbounded.
    /// </summary>
    public static int GetDefaultCapacity(AnalyzerConfigOptions options)
    {
        return options.TryGetValue(DefaultCapacityKey, out var text)
            && text is not null
            && int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0
            && value < int.MaxValue
            ? value
            : DefaultCapacity;
    }

    /// <summary>The global options and each distinct set of per-file options (files in one section share theirs).</summary>
    private static List<AnalyzerConfigOptions> DistinctSources(Compilation compilation, AnalyzerConfigOptionsProvider provider)
    {
        var sources = new List<AnalyzerConfigOptions> { provider.GlobalOptions };
        var seen = new HashSet<AnalyzerConfigOptions>(ReferenceComparer.Instance) { provider.GlobalOptions };
        foreach (var tree in compilation.SyntaxTrees)
        {
            var options = provider.GetOptions(tree);
            if (seen.Add(options))
            {
                sources.Add(options);
            }
        }

        return sources;
    }

    private static IEnumerable<string> ReadAll(List<AnalyzerConfigOptions> sources, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (source.TryGetValue(key, out var value))
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
            var type = ResolveType(compilation, name);
            if (type is not null && !System.Linq.Enumerable.Contains(builder, type, SymbolEqualityComparer.Default))
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// Accepts the metadata name ("Ns.Outer+Inner", "Ns.Cache`2"), the C# spelling of a nested type ("Ns.Outer.Inner"),
    /// a generic name without its arity ("Ns.Cache") and a "global::" prefix. Anything else is ignored, not an error.
    /// </summary>
    private static INamedTypeSymbol? ResolveType(Compilation compilation, string name)
    {
        const string GlobalPrefix = "global::";
        if (name.StartsWith(GlobalPrefix, StringComparison.Ordinal))
        {
            name = name.Substring(GlobalPrefix.Length);
        }

        // Try the name as written first, then turn the last dots into '+' one by one: "A.B.C" -> "A.B+C" -> "A+B+C".
        var candidate = name;
        while (true)
        {
            if (WithAnyArity(compilation, candidate) is { } type)
            {
                return type;
            }

            var dot = candidate.LastIndexOf('.');
            if (dot <= 0 || dot == candidate.Length - 1)
            {
                return null;
            }

            candidate = candidate.Substring(0, dot) + "+" + candidate.Substring(dot + 1);
        }
    }

    private static INamedTypeSymbol? WithAnyArity(Compilation compilation, string metadataName)
        => compilation.GetWellKnownType(metadataName)
            ?? compilation.GetWellKnownType(metadataName + "`1")
            ?? compilation.GetWellKnownType(metadataName + "`2")
            ?? compilation.GetWellKnownType(metadataName + "`3");

    private sealed class ReferenceComparer : IEqualityComparer<AnalyzerConfigOptions>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(AnalyzerConfigOptions? x, AnalyzerConfigOptions? y) => ReferenceEquals(x, y);

        public int GetHashCode(AnalyzerConfigOptions obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
