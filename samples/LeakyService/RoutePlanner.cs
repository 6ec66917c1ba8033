using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace LeakyService;

/// <summary>
/// SC0004: the route caches look fine in a profiler's first minute, then their hit rate stays at zero. Their keys are
/// new objects on every call, and both arrays and classes without Equals/GetHashCode are compared by reference: the
/// same stops never find the cached route, the route is recomputed every time and the dictionaries grow with entries
/// nobody can find again. Python's lru_cache would have refused the list outright ("unhashable type: 'list'").
/// </summary>
public static class RoutePlanner
{
    private static readonly ConcurrentDictionary<int[], string> s_routes = new();
    private static readonly ConcurrentDictionary<Leg, TimeSpan> s_durations = new();

    public static string Route(int from, int to) => s_routes.GetOrAdd(new[] { from, to }, stops => Plan(stops[0], stops[1]));

    public static TimeSpan Duration(int from, int to, string mode)
        => s_durations.GetOrAdd(new Leg(from, to, mode), leg => TimeSpan.FromMinutes(Math.Abs(leg.To - leg.From) * (leg.Mode == "walk" ? 12 : 3)));

    public static IReadOnlyList<string> Itinerary(IReadOnlyList<int> stops)
    {
        var legs = new List<string>();
        for (var i = 1; i < stops.Count; i++)
        {
            legs.Add(Route(stops[i - 1], stops[i]) + " (" + Duration(stops[i - 1], stops[i], "bus") + ")");
        }

        return legs;
    }

    private static string Plan(int from, int to) => from + " -> " + to;
}

/// <summary>One leg of a trip: a plain data holder, but compared by reference.</summary>
public sealed class Leg
{
    public Leg(int from, int to, string mode)
    {
        From = from;
        To = to;
        Mode = mode;
    }

    public int From { get; }

    public int To { get; }

    public string Mode { get; }
}
