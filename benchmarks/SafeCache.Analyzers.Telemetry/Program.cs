using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/SafeCache.Analyzers.Telemetry -- [--lines N] [--scales 1,2,4]
/// [--reps 3] [--peer-scales 1,2,4] [--all-rules] [--profile] [--safecache DIR] [--out FILE]</c>: a Markdown report on standard output.
/// <c>--safecache DIR</c> measures the <c>SafeCache.Analyzers.dll</c> in DIR (another build, e.g. an older commit) instead of
/// the one this project references, so two versions can be compared on the same corpus and harness.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: [--lines 150000] [--scales 1,2,4] [--reps 3] [--peer-scales 1,2,4] [--all-rules] [--profile] [--safecache DIR] [--out report.md]");
            return 2;
        }

        var safeCache = options.SafeCacheDirectory is null ? AnalyzerSet.SafeCache() : AnalyzerSet.SafeCacheFrom(options.SafeCacheDirectory);
        var peers = new[]
        {
            AnalyzerSet.Package("Meziantou.Analyzer", "Meziantou.Analyzer"),
            AnalyzerSet.Package("Roslynator.Analyzers", "Roslynator.Analyzers"),
            ReferenceAnalyzers.Set(),
        };
        Log($"analyzers: SafeCache {safeCache.Analyzers.Length}, " + string.Join(", ", peers.Select(p => $"{p.Name} {p.Analyzers.Length}")));

        // JIT and first-use costs of every analyzer are paid here, on a small corpus, not in the first measured scale.
        var warmUp = new Measurement(CorpusGenerator.Generate(2_000).Files);
        _ = await warmUp.AnalyzeAsync(peers.Prepend(safeCache).SelectMany(s => s.Analyzers).ToImmutableArray(), options.AllRules).ConfigureAwait(false);
        Log("warmed up");

        var runs = new List<ScaleResult>();
        foreach (var scale in options.Scales)
        {
            var corpus = CorpusGenerator.Generate(options.Lines * scale);
            Log($"{scale}x: {corpus.Lines:N0} lines in {corpus.Files.Count:N0} files, {corpus.StaticCaches} static caches");
            var measurement = new Measurement(corpus.Files);
            var sets = options.PeerScales.Contains(scale) ? peers.Prepend(safeCache).ToArray() : new[] { safeCache };
            var all = sets.SelectMany(s => s.Analyzers).ToImmutableArray();

            if (runs.Count == 0)
            {
                // Tiered JIT promotes Roslyn's and the analyzers' hot methods only after many calls: the first full pass
                // over a large corpus ran 2-4x slower than the next ones, so one full pass is run and discarded.
                _ = measurement.CompileAndBindMilliseconds();
                _ = await measurement.AnalyzeAsync(all, options.AllRules).ConfigureAwait(false);
                Log("  warm-up pass done (not measured)");
            }

            var compile = new List<double>();
            var wall = new List<double>();
            var times = all.ToDictionary(a => a, _ => new List<double>());
            ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> last = ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo>.Empty;
            var diagnostics = 0;
            for (var rep = 0; rep < options.Reps; rep++)
            {
                // Process CPU time too: on a loaded machine it is inflated far less than wall-clock time.
                var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                compile.Add(measurement.CompileAndBindMilliseconds());
                var cpuCompiled = Process.GetCurrentProcess().TotalProcessorTime;
                var (telemetry, wallMs, count) = await measurement.AnalyzeAsync(all, options.AllRules).ConfigureAwait(false);
                var cpuAnalyzed = Process.GetCurrentProcess().TotalProcessorTime;
                wall.Add(wallMs);
                diagnostics = count;
                foreach (var (analyzer, info) in telemetry)
                {
                    times[analyzer].Add(info.ExecutionTime.TotalMilliseconds);
                }

                last = telemetry.ToImmutableDictionary();
                Log($"  rep {rep + 1}: compile-and-bind {compile[^1]:N0} ms, analyzer pass {wallMs:N0} ms, SafeCache {safeCache.Analyzers.Sum(a => telemetry[a].ExecutionTime.TotalMilliseconds):N0} ms"
                    + $" ({string.Join(", ", safeCache.Analyzers.Select(a => $"{a.GetType().Name} {telemetry[a].ExecutionTime.TotalMilliseconds:N0}"))});"
                    + $" process CPU: compile-and-bind {(cpuCompiled - cpuStart).TotalMilliseconds:N0} ms, analyzer pass {(cpuAnalyzed - cpuCompiled).TotalMilliseconds:N0} ms");
            }

            runs.Add(new ScaleResult(
                scale,
                corpus,
                Stats.Median(compile),
                Stats.Median(wall),
                diagnostics,
                sets.Select(s => new SetResult(
                    s.Name,
                    s.Analyzers.Length,
                    s.Analyzers.Where(a => Ran(last[a])).Select(a => new AnalyzerResult(a, Stats.Median(times[a]), last[a])).ToList())).ToList()));
        }

        var report = Report.Write(options, runs);
        if (options.Profile)
        {
            // A separate pass: wrapping every callback in a stopwatch adds its own overhead to the main numbers.
            var profiler = new ActionProfiler();
            var corpus = new Measurement(CorpusGenerator.Generate(options.Lines * options.Scales[0]).Files);
            _ = await corpus.AnalyzeAsync(safeCache.Analyzers.Select(profiler.Wrap).ToImmutableArray(), options.AllRules).ConfigureAwait(false);
            report += Report.Profile(profiler.Results());
        }

        Console.WriteLine(report);
        if (options.Out is not null)
        {
            File.WriteAllText(options.Out, report);
        }

        return 0;
    }

    /// <summary>An analyzer whose rules are all off by default registers nothing; it is listed but not compared.</summary>
    private static bool Ran(AnalyzerTelemetryInfo info) =>
        info.CompilationStartActionsCount + info.CompilationEndActionsCount + info.CompilationActionsCount
        + info.SyntaxTreeActionsCount + info.SemanticModelActionsCount + info.SymbolActionsCount
        + info.SymbolStartActionsCount + info.SymbolEndActionsCount + info.SyntaxNodeActionsCount
        + info.CodeBlockStartActionsCount + info.CodeBlockEndActionsCount + info.CodeBlockActionsCount
        + info.OperationActionsCount + info.OperationBlockStartActionsCount + info.OperationBlockEndActionsCount
        + info.OperationBlockActionsCount + info.AdditionalFileActionsCount > 0;

    private static void Log(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
}

internal sealed record Options(int Lines, int[] Scales, int[] PeerScales, int Reps, bool AllRules, bool Profile, string? SafeCacheDirectory, string? Out)
{
    public static Options? Parse(string[] args)
    {
        var lines = 150_000;
        int[] scales = { 1, 2, 4 };
        int[]? peerScales = null;
        var reps = 3;
        var allRules = false;
        var profile = false;
        string? output = null;
        string? safeCacheDirectory = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--lines" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out lines): i++; break;
                case "--reps" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out reps): i++; break;
                case "--scales" when value is not null: scales = Ints(value); i++; break;
                case "--peer-scales" when value is not null: peerScales = Ints(value); i++; break;
                case "--all-rules": allRules = true; break;
                case "--profile": profile = true; break;
                case "--out" when value is not null: output = value; i++; break;
                case "--safecache" when value is not null: safeCacheDirectory = value; i++; break;
                default: return null;
            }
        }

        return lines > 0 && reps > 0 && scales.Length > 0 && scales.All(s => s > 0)
            ? new Options(lines, scales, peerScales ?? scales, reps, allRules, profile, safeCacheDirectory, output)
            : null;
    }

    private static int[] Ints(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}

internal sealed record AnalyzerResult(DiagnosticAnalyzer Analyzer, double Milliseconds, AnalyzerTelemetryInfo Telemetry)
{
    public string Name => Analyzer.GetType().Name;

    public string Ids => string.Join(", ", Analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct());
}

internal sealed record SetResult(string Name, int Loaded, List<AnalyzerResult> Ran)
{
    public double Total => Ran.Sum(r => r.Milliseconds);

    public double Median => Stats.Median(Ran.Select(r => r.Milliseconds));
}

internal sealed record ScaleResult(int Scale, CorpusGenerator.Corpus Corpus, double CompileMs, double AnalyzerPassMs, int Diagnostics, List<SetResult> Sets)
{
    public SetResult SafeCache => Sets[0];

    public SetResult? Set(string name) => Sets.FirstOrDefault(s => s.Name == name);
}
