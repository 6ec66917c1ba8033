using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>The Markdown tables docs/benchmarks.md shows.</summary>
internal static class Report
{
    private const string Meziantou = "Meziantou.Analyzer";

    public static string Write(Options options, IReadOnlyList<ScaleResult> runs)
    {
        var b = new StringBuilder();
        var rules = options.AllRules ? "every rule enabled" : "default rule set";
        b.AppendLine(Invariant($"Median of {options.Reps} repetitions; single-threaded analysis; {rules}; times are Roslyn's per-analyzer execution-time telemetry."));
        b.AppendLine();
        b.AppendLine("| Corpus | Lines | Static caches | Compile-and-bind | Analyzer pass (all) | SafeCache total | SafeCache / compile-and-bind | Meziantou.Analyzer total (ran/loaded) | Roslynator.Analyzers total (ran/loaded) |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            b.AppendLine(Invariant($"| {run.Scale}× | {run.Corpus.Lines:N0} | {run.Corpus.StaticCaches} | {Ms(run.CompileMs)} | {Ms(run.AnalyzerPassMs)} | {Ms(run.SafeCache.Total)} | {run.SafeCache.Total / run.CompileMs:P1} | {Peer(run, Meziantou)} | {Peer(run, "Roslynator.Analyzers")} |"));
        }

        var baseRun = runs.FirstOrDefault(r => r.Set(Meziantou) is not null);
        if (baseRun is not null)
        {
            var meziantou = baseRun.Set(Meziantou)!;
            var median = meziantou.Median;
            b.AppendLine();
            b.AppendLine(Invariant($"Per analyzer at {baseRun.Scale}× ({baseRun.Corpus.Lines:N0} lines), against the median Meziantou.Analyzer analyzer ({Ms(median)} over {meziantou.Ran.Count} that ran; p90 {Ms(Percentile(meziantou, 0.9))}, max {Ms(meziantou.Ran.Max(r => r.Milliseconds))} {meziantou.Ran.OrderBy(r => r.Milliseconds).Last().Name}):"));
            b.AppendLine();
            b.AppendLine("| SafeCache analyzer | Rules | Time | × Meziantou median | Share of compile-and-bind | Registered actions |");
            b.AppendLine("|---|---|---:|---:|---:|---|");
            foreach (var a in baseRun.SafeCache.Ran.OrderByDescending(r => r.Milliseconds))
            {
                b.AppendLine(Invariant($"| {a.Name} | {a.Ids} | {Ms(a.Milliseconds)} | {a.Milliseconds / median:N1}× | {a.Milliseconds / baseRun.CompileMs:P2} | {Actions(a.Telemetry)} |"));
            }

            if (baseRun.Set(ReferenceAnalyzers.SetName) is { } reference)
            {
                b.AppendLine();
                b.AppendLine("The floor, in the same pass: analyzers that register what SafeCache registers and return at once.");
                b.AppendLine();
                b.AppendLine("| Reference analyzer | Time | × Meziantou median | Share of compile-and-bind |");
                b.AppendLine("|---|---:|---:|---:|");
                foreach (var a in reference.Ran.OrderByDescending(r => r.Milliseconds))
                {
                    b.AppendLine(Invariant($"| {a.Name} | {Ms(a.Milliseconds)} | {a.Milliseconds / median:N1}× | {a.Milliseconds / baseRun.CompileMs:P2} |"));
                }
            }

            foreach (var set in baseRun.Sets.Skip(1).Where(s => s.Name != ReferenceAnalyzers.SetName))
            {
                b.AppendLine();
                b.AppendLine(Invariant($"Most expensive {set.Name} analyzers at {baseRun.Scale}×: ")
                    + string.Join(", ", set.Ran.OrderByDescending(r => r.Milliseconds).Take(5).Select(r => Invariant($"{r.Name} {Ms(r.Milliseconds)}"))) + ".");
            }
        }

        if (runs.Count > 1)
        {
            var first = runs[0];
            b.AppendLine();
            b.AppendLine(Invariant($"Linearity: time per 1,000 lines at each size (a linear analyzer keeps the same number); compile-and-bind for reference."));
            b.AppendLine();
            b.AppendLine("| | " + string.Join(" | ", runs.Select(r => Invariant($"{r.Scale}× ({r.Corpus.Lines / 1000:N0}k lines)"))) + Invariant($" | {runs[^1].Scale}× / {first.Scale}× per line |"));
            b.AppendLine("|---|" + string.Concat(runs.Select(_ => "---:|")) + "---:|");
            Row(b, "compile-and-bind", runs, r => r.CompileMs);
            Row(b, "SafeCache total", runs, r => r.SafeCache.Total);
            foreach (var a in first.SafeCache.Ran)
            {
                Row(b, a.Name, runs, r => r.SafeCache.Ran.First(x => x.Name == a.Name).Milliseconds);
            }

            if (runs.All(r => r.Set(Meziantou) is not null))
            {
                Row(b, "Meziantou.Analyzer total", runs, r => r.Set(Meziantou)!.Total);
            }
        }

        return b.ToString();
    }

    /// <summary>Where SafeCache's time goes, per registered action (<c>--profile</c>).</summary>
    public static string Profile(IReadOnlyList<(string Action, double Milliseconds, long Calls)> actions)
    {
        var b = new StringBuilder();
        b.AppendLine();
        b.AppendLine("SafeCache time per registered action (`--profile`, a separate pass at the first size; thread CPU time of each callback on Linux, wall-clock time elsewhere):");
        b.AppendLine();
        b.AppendLine("| Analyzer: action (callback) | Time | Calls | µs per call |");
        b.AppendLine("|---|---:|---:|---:|");
        foreach (var (action, ms, calls) in actions)
        {
            b.AppendLine(Invariant($"| {action} | {Ms(ms)} | {calls:N0} | {ms * 1000 / Math.Max(1, calls):N1} |"));
        }

        return b.ToString();
    }

    private static void Row(StringBuilder b, string name, IReadOnlyList<ScaleResult> runs, Func<ScaleResult, double> ms)
    {
        double PerK(ScaleResult r) => ms(r) / (r.Corpus.Lines / 1000.0);
        b.AppendLine(Invariant($"| {name} | ") + string.Join(" | ", runs.Select(r => Invariant($"{PerK(r):N2} ms"))) + Invariant($" | {PerK(runs[^1]) / PerK(runs[0]):N2} |"));
    }

    private static string Actions(AnalyzerTelemetryInfo t)
    {
        var kinds = new (string Name, int Count)[]
        {
            ("compilation start", t.CompilationStartActionsCount), ("compilation end", t.CompilationEndActionsCount),
            ("symbol", t.SymbolActionsCount), ("symbol start", t.SymbolStartActionsCount), ("symbol end", t.SymbolEndActionsCount),
            ("syntax node", t.SyntaxNodeActionsCount), ("operation", t.OperationActionsCount),
            ("operation block start", t.OperationBlockStartActionsCount), ("operation block end", t.OperationBlockEndActionsCount),
            ("operation block", t.OperationBlockActionsCount), ("semantic model", t.SemanticModelActionsCount),
        };
        return string.Join(", ", kinds.Where(k => k.Count > 0).Select(k => Invariant($"{k.Name} {k.Count}")));
    }

    private static string Peer(ScaleResult run, string name) =>
        run.Set(name) is { } set ? Invariant($"{Ms(set.Total)} ({set.Ran.Count}/{set.Loaded})") : "not run";

    private static double Percentile(SetResult set, double p)
    {
        var sorted = set.Ran.Select(r => r.Milliseconds).OrderBy(v => v).ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }

    private static string Ms(double ms) => ms >= 100 ? Invariant($"{ms:N0} ms") : Invariant($"{ms:N1} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
