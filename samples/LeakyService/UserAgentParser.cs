using System;
using System.Collections.Concurrent;

namespace LeakyService;

/// <summary>The kind of client a request comes from.</summary>
internal enum ClientKind
{
    Browser,
    Bot,
    MobileApp,
}

/// <summary>
/// Classifies the User-Agent header of every request. Parsing is slow, so results are memoised... in a static
/// dictionary keyed by the raw header. Every client version, bot and spoofed header adds an entry that is never
/// removed: SC0003, the lru_cache(maxsize=None) of C#.
/// </summary>
internal static class UserAgentParser
{
    private static readonly ConcurrentDictionary<string, ClientKind> s_parsed = new(StringComparer.Ordinal);

    public static ClientKind Classify(string userAgent) => s_parsed.GetOrAdd(userAgent, Parse);

    /// <summary>How many parsed headers the cache holds (the sample prints it).</summary>
    public static int CachedCount => s_parsed.Count;

    private static ClientKind Parse(string userAgent)
    {
        if (userAgent.Contains("bot", StringComparison.OrdinalIgnoreCase))
        {
            return ClientKind.Bot;
        }

        return userAgent.Contains("Mobile", StringComparison.Ordinal) ? ClientKind.MobileApp : ClientKind.Browser;
    }
}
