using Microsoft.CodeAnalysis;

namespace SafeCache.Cli.Analysis;

/// <summary>One SafeCache diagnostic, detached from the compilation it came from (so no semantic model stays alive).</summary>
/// <param name="Path">Relative to the scanned root, with '/' separators.</param>
/// <param name="Line">1-based.</param>
/// <param name="Column">1-based.</param>
/// <param name="Fingerprint">Identifies the flagged code independent of where it sits in the file (see <see cref="Fingerprints"/>).</param>
internal sealed record Finding(
    string RuleId,
    DiagnosticSeverity Severity,
    string Message,
    string Path,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Fingerprint);
