using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LeakyService;

/// <summary>
/// Shows what each bug does at run time, one line per rule. After the code fixes (`dotnet format analyzers`) the same
/// lines show the fixed behaviour, while the "same" lines (what the caches compute) do not change.
/// </summary>
internal static class Program
{
    private const int Builders = 100;
    private const int UserAgents = 10_000;

    private static void Main()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SC0001 ReportBuilder instances alive after a full GC: {SurvivingBuilders()} of {Builders}"));

        var usd = new PriceList("USD").Price("SKU-1");
        var eur = new PriceList("EUR").Price("SKU-1");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SC0005 EUR price of SKU-1 after a USD list filled the cache: {eur:0.00} (USD {usd:0.00}, EUR rate 0.92)"));

        CsvExport.Header(typeof(Row), "Secret");
        Console.WriteLine("SC0002 columns a later CSV export sees after one hid 'Secret': " + CsvExport.Header(typeof(Row)) + " (Row has Name,Secret)");

        for (var i = 0; i < UserAgents; i++)
        {
            UserAgentParser.Classify("Mozilla/5.0 (build " + i.ToString(CultureInfo.InvariantCulture) + ")");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SC0003 parser cache entries after {UserAgents} distinct User-Agents: {UserAgentParser.CachedCount}"));

        // What the caches compute must not change with the fixes.
        Console.WriteLine("same: report " + new ReportBuilder(new[] { (2024, "a"), (2025, "b") }).Build(2025).Replace(Environment.NewLine, "|", StringComparison.Ordinal));
        Console.WriteLine("same: client " + UserAgentParser.Classify("Googlebot/2.1") + " " + UserAgentParser.Classify("Mozilla/5.0 (iPhone) Mobile"));
    }

    /// <summary>Builds reports with short-lived builders, as requests do, then counts the builders the GC could not collect.</summary>
    private static int SurvivingBuilders()
    {
        var builders = CreateAndUse();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return builders.FindAll(b => b.IsAlive).Count;
    }

    // Not inlined: no local of the caller's frame may keep a builder reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> CreateAndUse()
    {
        var builders = new List<WeakReference>();
        for (var i = 0; i < Builders; i++)
        {
            var builder = new ReportBuilder(new[] { (2025, "row " + i.ToString(CultureInfo.InvariantCulture)) });
            builder.Build(2025);
            builders.Add(new WeakReference(builder));
        }

        return builders;
    }
}

/// <summary>A row type the CSV export writes.</summary>
internal sealed class Row
{
    public string Name { get; set; } = string.Empty;

    public string Secret { get; set; } = string.Empty;
}
