namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>Spellings of our tests before the framework, kept so those tests read the same.</summary>
public static class DiagnosticResultExtensions
{
    /// <summary>A span in the document at <paramref name="path"/>, path last (the framework's overload takes it first).</summary>
    public static DiagnosticResult WithSpan(this DiagnosticResult result, int startLine, int startColumn, int endLine, int endColumn, string path)
        => result.WithSpan(path, startLine, startColumn, endLine, endColumn);
}
