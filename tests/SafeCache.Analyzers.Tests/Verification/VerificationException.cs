using System;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>Thrown by the verifiers when an analyzer or code-fix test does not match its expectations.</summary>
public sealed class VerificationException : Exception
{
    public VerificationException(string message)
        : base(message)
    {
    }

    public VerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
