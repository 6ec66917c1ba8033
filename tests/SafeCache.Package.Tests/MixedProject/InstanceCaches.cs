using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;

namespace LeakyService.Shapes;

/// <summary>SC0001 shapes: two with a fix (per-instance, hold weakly), two without (key is 'this' alone, a visible field).</summary>
public sealed class TaxTable
{
    private static readonly ConcurrentDictionary<(TaxTable, string), decimal> s_rates = new();

    public decimal Rate(string region) => s_rates.GetOrAdd((this, region), key => Lookup(key.Item2));

    private static decimal Lookup(string region) => region.Length / 100m;
}

public sealed class TemplateRenderer
{
    private static readonly ConcurrentDictionary<(TemplateRenderer, string), string> s_rendered = new();

    private readonly string _theme;

    public TemplateRenderer(string theme) => _theme = theme;

    public string Render(string name) => s_rendered.GetOrAdd((this, name), key => key.Item1._theme + ":" + key.Item2);

    public static void Reset() => s_rendered.Clear();
}

public sealed class Widget
{
    private static readonly ConcurrentDictionary<Widget, int> s_sizes = new();

    public int Size() => s_sizes.GetOrAdd(this, widget => widget.Compute());

    private int Compute() => 42;
}

public sealed class Session
{
    internal static readonly Dictionary<(Session, int), string> Cache = new();

    public string Get(int id)
    {
        if (!Cache.TryGetValue((this, id), out var value))
        {
            value = id.ToString(CultureInfo.InvariantCulture);
            Cache[(this, id)] = value;
        }

        return value;
    }
}
