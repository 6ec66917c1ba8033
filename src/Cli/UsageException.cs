using System;

namespace SafeCache.Cli;

/// <summary>A problem with what the user asked for (bad path, bad option, unreadable baseline): exit code 2, one line.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
