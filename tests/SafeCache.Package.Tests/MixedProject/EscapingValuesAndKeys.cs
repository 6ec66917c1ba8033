using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace LeakyService.Shapes;

/// <summary>SC0002 shapes: one with a fix (a dictionary returned as is, copied), one without (SortedList has no copy the fix knows).</summary>
public static class WordIndexes
{
    private static readonly ConcurrentDictionary<string, Dictionary<string, int>> s_indexes = new();
    private static readonly ConcurrentDictionary<string, SortedList<string, int>> s_ranks = new();

    public static Dictionary<string, int> Index(string csv)
        => s_indexes.GetOrAdd(csv, text => text.Split(',').Distinct(StringComparer.Ordinal).Select((word, i) => (word, i)).ToDictionary(p => p.word, p => p.i, StringComparer.Ordinal));

    public static SortedList<string, int> Ranks(string csv)
        => s_ranks.GetOrAdd(csv, text => new SortedList<string, int>(text.Split(',').Distinct(StringComparer.Ordinal).ToDictionary(w => w, w => w.Length, StringComparer.Ordinal)));
}

/// <summary>SC0004 shapes with a fix: a key type that hashes a settable property (made immutable), a list key (compared by content).</summary>
public static class Quotes
{
    private static readonly ConcurrentDictionary<QuoteRequest, decimal> s_quotes = new();
    private static readonly Dictionary<List<string>, string> s_joined = new();

    public static decimal Quote(string sku, int quantity) => s_quotes.GetOrAdd(new QuoteRequest { Sku = sku, Quantity = quantity }, r => r.Quantity * 1.5m);

    public static string Join(List<string> parts)
    {
        if (!s_joined.TryGetValue(parts, out var joined))
        {
            joined = string.Join("+", parts);
            s_joined[parts] = joined;
        }

        return joined;
    }
}

public sealed class QuoteRequest
{
    public string Sku { get; set; } = "";

    public int Quantity { get; set; }

    public override bool Equals(object? obj) => obj is QuoteRequest other && other.Sku == Sku && other.Quantity == Quantity;

    public override int GetHashCode() => HashCode.Combine(Sku, Quantity);
}
