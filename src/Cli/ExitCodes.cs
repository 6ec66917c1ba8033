namespace SafeCache.Cli;

internal static class ExitCodes
{
    /// <summary>No findings at or above the severity threshold (or, for <c>fix</c>, nothing left to refuse).</summary>
    public const int Clean = 0;

    /// <summary>Findings at or above the threshold.</summary>
    public const int Findings = 1;

    /// <summary>Usage or load error.</summary>
    public const int Error = 2;
}
