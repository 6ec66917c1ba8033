using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using SafeCache.Cli.Analysis;
using SafeCache.Cli.Rules;

namespace SafeCache.Cli.Reports;

/// <summary>The scan as one JSON document: findings, per-rule summary, totals, compiler errors and load problems.</summary>
internal static class JsonReport
{
    public static void Write(ScanResult result, RuleCatalog catalog, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("root", result.Root);
        json.WriteString("mode", result.Mode.ToString().ToLowerInvariant());

        json.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", f.RuleId);
            json.WriteString("severity", Severities.Name(f.Severity));
            json.WriteString("path", f.Path);
            json.WriteNumber("line", f.Line);
            json.WriteNumber("column", f.Column);
            json.WriteNumber("endLine", f.EndLine);
            json.WriteNumber("endColumn", f.EndColumn);
            json.WriteString("message", f.Message);
            json.WriteString("fingerprint", f.Fingerprint);
            json.WriteString("helpUri", catalog.Find(f.RuleId)?.HelpUri);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("summary");
        foreach (var rule in result.Findings.GroupBy(f => f.RuleId))
        {
            json.WriteStartObject();
            json.WriteString("ruleId", rule.Key);
            json.WriteString("title", catalog.Find(rule.Key)?.Title);
            json.WriteNumber("findings", rule.Count());
            json.WriteNumber("files", rule.Select(f => f.Path).Distinct().Count());
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartObject("totals");
        json.WriteNumber("findings", result.Findings.Length);
        json.WriteNumber("files", result.Findings.Select(f => f.Path).Distinct().Count());
        json.WriteNumber("baselined", result.Baselined);
        json.WriteNumber("projects", result.Projects);
        json.WriteNumber("documents", result.Documents);
        json.WriteNumber("compilerErrors", result.CompilerErrors);
        json.WriteNumber("loadSeconds", result.LoadTime.TotalSeconds);
        json.WriteNumber("analyzeSeconds", result.AnalysisTime.TotalSeconds);
        if (result.CompileTime is { } compile)
        {
            json.WriteNumber("compileSeconds", compile.TotalSeconds);
            json.WriteNumber("analyzerSeconds", TextReport.AnalyzerTotal(result).TotalSeconds);
        }
        json.WriteEndObject();

        WriteStrings(json, "loadProblems", result.LoadProblems);
        WriteStrings(json, "analyzerFailures", result.AnalyzerFailures);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, System.Collections.Generic.IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
