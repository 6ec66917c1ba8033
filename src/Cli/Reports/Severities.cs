using System;
using Microsoft.CodeAnalysis;

namespace SafeCache.Cli.Reports;

/// <summary>Severity names as .editorconfig spells them, for --severity and the reports.</summary>
internal static class Severities
{
    public static string Name(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "suggestion",
        _ => "silent",
    };

    public static DiagnosticSeverity Parse(string text) => text.ToLowerInvariant() switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" or "warn" => DiagnosticSeverity.Warning,
        "suggestion" or "info" => DiagnosticSeverity.Info,
        "silent" or "hidden" => DiagnosticSeverity.Hidden,
        _ => throw new UsageException($"unknown severity '{text}'; use error, warning, suggestion or silent"),
    };

    /// <summary>SARIF result levels.</summary>
    public static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };
}
