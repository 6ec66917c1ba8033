namespace SafeCache.Cli.Tests;

/// <summary>Small realistic files the tests scan and fix.</summary>
internal static class Snippets
{
    /// <summary>SC0001 alone: a bounded static memo keyed by (this, year). Needs only explicit usings.</summary>
    public const string LeakyReport = """
        using SafeCache;

        namespace Shop;

        public sealed class Report
        {
            private static readonly LruCache<(Report, int), string> s_cache = new(capacity: 256);

            private readonly string _title;

            public Report(string title) => _title = title;

            public string Build(int year) => s_cache.GetOrAdd((this, year), key => key.Item1.Render(key.Item2));

            private string Render(int year) => _title + year;
        }
        """;

    /// <summary>SC0003 that binds only with the SDK's implicit usings (Dictionary, no using directive).</summary>
    public const string ImplicitUsingsParser = """
        namespace Shop;

        public static class SkuParser
        {
            private static readonly Dictionary<string, int> s_parsed = new();

            public static int Parse(string sku)
            {
                if (s_parsed.TryGetValue(sku, out var value))
                {
                    return value;
                }

                value = sku.Length;
                s_parsed[sku] = value;
                return value;
            }
        }
        """;
}
