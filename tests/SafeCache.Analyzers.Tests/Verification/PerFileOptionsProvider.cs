using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// A test double for <c>.globalconfig</c> plus <c>.editorconfig</c> sections: global values, and values for the files
/// under a folder (merged the way Roslyn hands them over: a file's options hold its sections' values only). Counts
/// every per-file lookup, and every read of a <c>safecache.*</c> key from a file's options, so a test can assert which
/// files an analysis asked about. (The analyzer driver itself looks up every file, for <c>generated_code</c>.)
/// </summary>
internal sealed class PerFileOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly DictionaryOptions _global;
    private readonly List<(string Folder, Dictionary<string, string> Values)> _sections = new();
    private readonly ConcurrentDictionary<string, int> _lookups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _safeCacheReads = new(StringComparer.Ordinal);

    public PerFileOptionsProvider(params (string Key, string Value)[] global) => _global = new DictionaryOptions(ToDictionary(global), null);

    /// <summary>Values for every file whose path starts with <paramref name="folder"/> (like <c>[Legacy/**.cs]</c>).</summary>
    public PerFileOptionsProvider Section(string folder, params (string Key, string Value)[] values)
    {
        _sections.Add((folder, ToDictionary(values)));
        return this;
    }

    /// <summary>The file paths <see cref="GetOptions(SyntaxTree)"/> was asked about, with how often.</summary>
    public IReadOnlyDictionary<string, int> Lookups => _lookups;

    /// <summary>The file paths whose options were read for a <c>safecache.*</c> key, with how many reads.</summary>
    public IReadOnlyDictionary<string, int> SafeCacheReads => _safeCacheReads;

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree)
    {
        _lookups.AddOrUpdate(tree.FilePath, 1, (_, count) => count + 1);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (folder, section) in _sections.Where(s => tree.FilePath.StartsWith(s.Folder, StringComparison.Ordinal)))
        {
            foreach (var pair in section)
            {
                values[pair.Key] = pair.Value;
            }
        }

        return new DictionaryOptions(values, key =>
        {
            if (key.StartsWith("safecache.", StringComparison.OrdinalIgnoreCase))
            {
                _safeCacheReads.AddOrUpdate(tree.FilePath, 1, (_, count) => count + 1);
            }
        });
    }

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new DictionaryOptions(new Dictionary<string, string>(), null);

    private static Dictionary<string, string> ToDictionary((string Key, string Value)[] values)
        => values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;
        private readonly Action<string>? _onRead;

        public DictionaryOptions(Dictionary<string, string> values, Action<string>? onRead) => (_values, _onRead) = (values, onRead);

        // The [NotNullWhen] attribute is not spelled out: SafeCache.Analyzers' internal polyfill makes the name ambiguous here.
#pragma warning disable CS8765
        public override bool TryGetValue(string key, out string? value)
        {
            _onRead?.Invoke(key);
            return _values.TryGetValue(key, out value);
        }
#pragma warning restore CS8765
    }
}
