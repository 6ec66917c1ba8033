using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using SafeCache.Cli.Analysis;
using SafeCache.Cli.Rules;

namespace SafeCache.Cli.Reports;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning accepts it: one run, the tool's rules with help URIs, results located
/// relative to the scanned root (<c>%SRCROOT%</c>) and a partial fingerprint per result so alerts survive edits.
/// </summary>
internal static class SarifReport
{
    private const string SrcRoot = "%SRCROOT%";

    public static void Write(ScanResult result, RuleCatalog catalog, Stream stream)
    {
        var rules = catalog.Rules;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "SafeCache");
        json.WriteString("semanticVersion", Version());
        json.WriteString("informationUri", "https://github.com/safecache/safecache");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.Id);
            WriteText(json, "shortDescription", rule.Title);
            WriteText(json, "fullDescription", rule.Descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("helpUri", rule.HelpUri);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Severities.SarifLevel(rule.DefaultSeverity));
            json.WriteBoolean("enabled", rule.Descriptor.IsEnabledByDefault);
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("category", rule.Category);
            json.WriteStartArray("tags");
            json.WriteStringValue(rule.Category);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SrcRoot);
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(result.Root) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            var index = rules.Select(r => r.Id).ToList().IndexOf(finding.RuleId);
            if (index >= 0)
            {
                json.WriteNumber("ruleIndex", index);
            }

            json.WriteString("level", Severities.SarifLevel(finding.Severity));
            WriteText(json, "message", finding.Message);
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", RelativeUri(finding.Path));
            json.WriteString("uriBaseId", SrcRoot);
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", finding.Line);
            json.WriteNumber("startColumn", finding.Column);
            json.WriteNumber("endLine", finding.EndLine);
            json.WriteNumber("endColumn", finding.EndColumn);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("safecacheFingerprint/v1", finding.Fingerprint);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // Relative URI references: each segment escaped, '/' kept.
    private static string RelativeUri(string path)
        => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static void WriteText(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string Version()
    {
        var informational = typeof(SarifReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational.Substring(0, plus);
    }
}
