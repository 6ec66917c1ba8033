using System.Collections.Concurrent;

namespace LeakyService;

/// <summary>
/// SC0004: the route cache looks fine in a profiler's first minute, then the hit rate stays at zero. Its key is a new
/// array of stop IDs on every call, and arrays are compared by reference: the same stops never find the cached route,
/// the route is recomputed every time and the dictionary grows with entries nobody can find again. Python's lru_cache
/// would have refused the list outright ("unhashable type: 'list'").
/// </summary>
public static class RoutePlanner
{
    private static readonly ConcurrentDictionary<int[], string> s_routes = new();

    public static string Route(int from, int to) => s_routes.GetOrAdd(new[] { from, to }, stops => Plan(stops[0], stops[1]));

    private static string Plan(int from, int to) => from + " -> " + to;
}
