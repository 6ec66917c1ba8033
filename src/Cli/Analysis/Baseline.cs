using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SafeCache.Cli.Analysis;

/// <summary>
/// Known findings a team has accepted for now. Matched by rule, file and fingerprint, never by line, and counted:
/// a file with two accepted identical findings that gains a third reports exactly that one.
/// </summary>
internal sealed class Baseline
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Dictionary<(string RuleId, string Path, string Fingerprint), int> _counts;

    private Baseline(Dictionary<(string, string, string), int> counts) => _counts = counts;

    public static Baseline Read(string file)
    {
        BaselineFile? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<BaselineFile>(File.ReadAllText(file), s_json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UsageException($"cannot read baseline {file}: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        if (parsed?.Findings is null)
        {
            throw new UsageException($"cannot read baseline {file}: no 'findings' array");
        }

        var counts = new Dictionary<(string, string, string), int>();
        foreach (var entry in parsed.Findings)
        {
            var key = (entry.RuleId ?? string.Empty, entry.Path ?? string.Empty, entry.Fingerprint ?? string.Empty);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return new Baseline(counts);
    }

    public static void Write(string file, IEnumerable<Finding> findings)
    {
        var entries = findings
            .Select(f => new BaselineEntry { RuleId = f.RuleId, Path = f.Path, Fingerprint = f.Fingerprint, Message = f.Message })
            .ToList();
        File.WriteAllText(file, JsonSerializer.Serialize(new BaselineFile { Version = 1, Findings = entries }, s_json) + Environment.NewLine);
    }

    /// <summary>The findings the baseline does not cover; for a group with more findings than accepted, the last ones in the file.</summary>
    public ImmutableArray<Finding> NewFindings(ImmutableArray<Finding> findings)
    {
        var remaining = new Dictionary<(string, string, string), int>(_counts);
        var result = ImmutableArray.CreateBuilder<Finding>();
        foreach (var finding in findings.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column))
        {
            var key = (finding.RuleId, finding.Path, finding.Fingerprint);
            if (remaining.TryGetValue(key, out var left) && left > 0)
            {
                remaining[key] = left - 1;
            }
            else
            {
                result.Add(finding);
            }
        }

        var set = result.ToHashSet();
        return findings.Where(set.Contains).ToImmutableArray();
    }

    private sealed class BaselineFile
    {
        [JsonPropertyName("version")]
        public int Version { get; set; }

        [JsonPropertyName("findings")]
        public List<BaselineEntry>? Findings { get; set; }
    }

    private sealed class BaselineEntry
    {
        [JsonPropertyName("ruleId")]
        public string? RuleId { get; set; }

        [JsonPropertyName("path")]
        public string? Path { get; set; }

        [JsonPropertyName("fingerprint")]
        public string? Fingerprint { get; set; }

        // For people reading the file; matching ignores it.
        [JsonPropertyName("message")]
        public string? Message { get; set; }
    }
}
