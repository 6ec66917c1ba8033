using System.Collections.Concurrent;

namespace LeakyService.Shapes;

/// <summary>SC0005 shapes: two with a fix (per-instance), two without (used from a static member, a visible field).</summary>
public sealed class Formatter
{
    private static readonly ConcurrentDictionary<int, string> s_formatted = new();

    private readonly string _prefix;

    public Formatter(string prefix) => _prefix = prefix;

    public string Format(int number) => s_formatted.GetOrAdd(number, n => _prefix + n);
}

public sealed class UnitConverter
{
    private static readonly ConcurrentDictionary<string, double> s_factors = new();

    private readonly double _scale;

    public UnitConverter(double scale) => _scale = scale;

    public double Factor(string unit) => s_factors.GetOrAdd(unit, u => u.Length * _scale);
}

public sealed class Greeter
{
    private static readonly ConcurrentDictionary<string, string> s_greetings = new();

    private readonly string _language;

    public Greeter(string language) => _language = language;

    public static int Cached => s_greetings.Count;

    public string Greet(string name) => s_greetings.GetOrAdd(name, n => _language + " " + n);
}

public sealed class Translator
{
    internal static readonly ConcurrentDictionary<string, string> Translations = new();

    private readonly string _target;

    public Translator(string target) => _target = target;

    public string Translate(string text) => Translations.GetOrAdd(text, t => _target + ":" + t);
}
