using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The <c>safecache.*</c> settings from <c>.editorconfig</c>/<c>.globalconfig</c>. The global options (a
/// <c>.globalconfig</c>, build properties) are read once per compilation; a file's own options are read the first time
/// the model asks about that file and kept (<see cref="For"/>): a compilation start must not look up every file of a
/// large project before any analysis (in the IDE it happens on every edit).
/// </summary>
internal sealed class CacheModelOptions
{
    public const string AdditionalCacheTypesKey = "safecache.additional_cache_types";
    public const string BoundedKeyTypesKey = "safecache.bounded_key_types";
    public const string DefaultCapacityKey = "safecache.default_capacity";
    public const string ReportConfigurationBoundedKeysKey = "safecache.report_configuration_bounded_keys";
    public const string ReportReflectionLookupsKey = "safecache.report_reflection_lookups";
    public const int DefaultCapacity = 128;

    private readonly Compilation _compilation;
    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<SyntaxTree, CacheSettings> _byTree = new();

    // Type names are resolved once per distinct value, however many files share it.
    private readonly ConcurrentDictionary<string, ImmutableArray<INamedTypeSymbol>> _resolved = new(StringComparer.Ordinal);
    private readonly RawSettings _global;

    public CacheModelOptions(Compilation compilation, AnalyzerConfigOptionsProvider provider)
    {
        _compilation = compilation;
        _provider = provider;
        _global = RawSettings.Read(provider.GlobalOptions);
        Global = Create(_global);
    }

    /// <summary>The project-wide settings: what applies to code in no source file (metadata) and to every file.</summary>
    public CacheSettings Global { get; }

    /// <summary>
    /// The settings of one file: the global values merged with those of the file's <c>.editorconfig</c> sections.
    /// Read on first request and memoised per file; a null tree (metadata) gets <see cref="Global"/>.
    /// </summary>
    public CacheSettings For(SyntaxTree? tree)
        => tree is null ? Global : _byTree.GetOrAdd(tree, t => Create(RawSettings.Read(_provider.GetOptions(t))));

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

    private CacheSettings Create(RawSettings file)
        => new(
            Resolve(Merge(_global.AdditionalCacheTypes, file.AdditionalCacheTypes)),
            Resolve(Merge(_global.BoundedKeyTypes, file.BoundedKeyTypes)),
            file.ReportConfigurationBoundedKeys ?? _global.ReportConfigurationBoundedKeys ?? false,
            file.ReportReflectionLookups ?? _global.ReportReflectionLookups ?? false);

    /// <summary>Lists merge: the global names plus the file's (a file whose options repeat the global value adds nothing).</summary>
    private static string? Merge(string? global, string? file)
        => file is null || string.Equals(global, file, StringComparison.Ordinal) ? global
            : global is null ? file
            : global + "," + file;

    /// <summary>The same value always gives the same array: consumers key their own caches by it.</summary>
    private ImmutableArray<INamedTypeSymbol> Resolve(string? value)
        => value is null ? ImmutableArray<INamedTypeSymbol>.Empty : _resolved.GetOrAdd(value, v => ResolveTypes(_compilation, Names(v)));

    private static IEnumerable<string> Names(string value)
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

    /// <summary>The values as written in one options set; null when the key is absent (or, for a flag, not true/false).</summary>
    private readonly struct RawSettings
    {
        private RawSettings(string? additionalCacheTypes, string? boundedKeyTypes, bool? reportConfigurationBoundedKeys, bool? reportReflectionLookups)
        {
            AdditionalCacheTypes = additionalCacheTypes;
            BoundedKeyTypes = boundedKeyTypes;
            ReportConfigurationBoundedKeys = reportConfigurationBoundedKeys;
            ReportReflectionLookups = reportReflectionLookups;
        }

        public string? AdditionalCacheTypes { get; }

        public string? BoundedKeyTypes { get; }

        public bool? ReportConfigurationBoundedKeys { get; }

        public bool? ReportReflectionLookups { get; }

        public static RawSettings Read(AnalyzerConfigOptions options)
            => new(Value(options, AdditionalCacheTypesKey), Value(options, BoundedKeyTypesKey), Flag(Value(options, ReportConfigurationBoundedKeysKey)),
                Flag(Value(options, ReportReflectionLookupsKey)));

        private static string? Value(AnalyzerConfigOptions options, string key)
            => options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        private static bool? Flag(string? value)
            => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? true
                : string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? false
                : null;
    }
}
