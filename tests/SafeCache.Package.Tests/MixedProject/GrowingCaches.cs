using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using SafeCache;

namespace LeakyService.Shapes;

/// <summary>SC0003 shapes: memo dictionaries with a fix; MemoryCache without SizeLimit, AddMemoryCache, int.MaxValue capacity, Hashtable without.</summary>
public static class SlugCache
{
    private static readonly Dictionary<string, string> s_slugs = new(StringComparer.Ordinal);

    public static string Slug(string title)
    {
        if (!s_slugs.TryGetValue(title, out var slug))
        {
            slug = title.ToLowerInvariant().Replace(' ', '-');
            s_slugs[title] = slug;
        }

        return slug;
    }
}

public static class CityCodes
{
    private static readonly ConcurrentDictionary<string, int> s_codes = new();

    public static int Code(string city) => s_codes.GetOrAdd(city, c => c.Length * 31);
}

public static class Lookups
{
    private static readonly MemoryCache s_cache = new(new MemoryCacheOptions());

    public static int Get(string key) => s_cache.GetOrCreate(key, _ => key.Length);
}

public static class Startup
{
    public static IServiceCollection AddLookups(this IServiceCollection services) => services.AddMemoryCache();
}

public static class Everything
{
    private static readonly LruCache<string, int> s_all = new(int.MaxValue);

    public static int Length(string text) => s_all.GetOrAdd(text, t => t.Length);
}

public static class LegacyTable
{
    private static readonly Hashtable s_table = new();

    public static object Get(string key)
    {
        var value = s_table[key];
        if (value is null)
        {
            value = key.Length;
            s_table[key] = value;
        }

        return value;
    }
}

public static class EventBus
{
    private static readonly ConcurrentDictionary<string, Action> s_handlers = new();

    public static void Subscribe(string topic, Action handler) => s_handlers.AddOrUpdate(topic, handler, (_, old) => old + handler);

    public static void Publish(string topic)
    {
        if (s_handlers.TryGetValue(topic, out var handlers))
        {
            handlers();
        }
    }
}
