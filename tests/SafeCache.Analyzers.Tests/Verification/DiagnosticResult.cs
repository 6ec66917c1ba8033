using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// An expected diagnostic. Markup produces these; tests can also add them explicitly
/// (for a message check or a diagnostic without a source location).
/// </summary>
public sealed record DiagnosticResult
{
    public DiagnosticResult(string id)
    {
        Id = id;
    }

    public string Id { get; init; }

    /// <summary>Path of the document (<c>/0/Test0.cs</c> for the first source); null when the diagnostic has no location.</summary>
    public string? Path { get; init; }

    /// <summary>Zero-based line/character span; null when the diagnostic has no location.</summary>
    public LinePositionSpan? Span { get; init; }

    /// <summary>When set, the rendered message must be exactly this.</summary>
    public string? Message { get; init; }

    public bool HasLocation => Path is not null && Span is not null;

    /// <summary>Span with one-based line and column numbers, as shown by the compiler.</summary>
    public DiagnosticResult WithSpan(int startLine, int startColumn, int endLine, int endColumn, string path = "/0/Test0.cs")
        => this with
        {
            Path = path,
            Span = new LinePositionSpan(new LinePosition(startLine - 1, startColumn - 1), new LinePosition(endLine - 1, endColumn - 1)),
        };

    public DiagnosticResult WithMessage(string message) => this with { Message = message };

    public DiagnosticResult WithNoLocation() => this with { Path = null, Span = null };

    internal static DiagnosticResult FromDiagnostic(Diagnostic diagnostic)
    {
        var result = new DiagnosticResult(diagnostic.Id) { Message = diagnostic.GetMessage(CultureInfo.InvariantCulture) };
        if (diagnostic.Location.IsInSource)
        {
            var lineSpan = diagnostic.Location.GetLineSpan();
            result = result with { Path = lineSpan.Path, Span = lineSpan.Span };
        }

        return result;
    }

    internal bool Matches(DiagnosticResult actual)
        => string.Equals(Id, actual.Id, StringComparison.Ordinal)
            && string.Equals(Path, actual.Path, StringComparison.Ordinal)
            && Nullable.Equals(Span, actual.Span)
            && (Message is null || string.Equals(Message, actual.Message, StringComparison.Ordinal));

    internal string Format(bool includeMessage)
    {
        var location = HasLocation
            ? string.Create(CultureInfo.InvariantCulture, $"{Path}({Span!.Value.Start.Line + 1},{Span.Value.Start.Character + 1})-({Span.Value.End.Line + 1},{Span.Value.End.Character + 1})")
            : "(no location)";
        return includeMessage && Message is not null ? $"{location}: {Id}: {Message}" : $"{location}: {Id}";
    }

    public override string ToString() => Format(includeMessage: true);
}
