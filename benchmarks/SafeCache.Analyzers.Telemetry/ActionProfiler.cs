using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>
/// <c>--profile</c>: time spent in each action an analyzer registers (compilation start, each operation action, symbol
/// start/end, operation block), by wrapping the contexts Roslyn hands to <c>Initialize</c>. On Linux it counts the
/// calling thread's CPU time, so time spent waiting for a core on a loaded machine is not charged to the callback;
/// elsewhere it falls back to wall-clock time. The analyzer under test is unchanged.
/// </summary>
internal sealed class ActionProfiler
{
    private readonly ConcurrentDictionary<string, (long Ticks, long Calls)> _totals = new(StringComparer.Ordinal);

    public DiagnosticAnalyzer Wrap(DiagnosticAnalyzer analyzer) => new ProfiledAnalyzer(analyzer, this);

    /// <summary>(action, milliseconds, calls), most expensive first.</summary>
    public ImmutableArray<(string Action, double Milliseconds, long Calls)> Results() =>
        _totals.Select(p => (p.Key, p.Value.Ticks / 1_000_000.0, p.Value.Calls))
            .OrderByDescending(r => r.Item2)
            .ToImmutableArray();

    // The profiler's own work inside a callback: naming an action registered from a symbol-start action (reflection on
    // a new delegate each time) is subtracted from that symbol-start action's time.
    [ThreadStatic]
    private static long t_setupNanoseconds;

    private Action<T> Timed<T>(string owner, string registration, Action<T> action)
    {
        var setupStart = Clock.Nanoseconds();
        var key = $"{owner}: {registration} {Describe(action)}";
        t_setupNanoseconds += Clock.Nanoseconds() - setupStart;
        return argument =>
        {
            var setupBefore = t_setupNanoseconds;
            var start = Clock.Nanoseconds();
            try
            {
                action(argument);
            }
            finally
            {
                var elapsed = Clock.Nanoseconds() - start - (t_setupNanoseconds - setupBefore);
                _totals.AddOrUpdate(key, (elapsed, 1), (_, t) => (t.Ticks + elapsed, t.Calls + 1));
            }
        };
    }

    // A method group keeps its name; a lambda is named by the compiler (<AnalyzeType>b__0): both locate the source.
    private static string Describe(Delegate action) => $"({action.Method.DeclaringType?.Name}.{action.Method.Name})";

    /// <summary>Nanoseconds of the calling thread's CPU time (Linux), or of wall-clock time.</summary>
    private static class Clock
    {
        private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
        private static readonly bool UseThreadCpu = OperatingSystem.IsLinux() && TryThreadCpu(out _);

        public static long Nanoseconds()
        {
            if (UseThreadCpu && TryThreadCpu(out var ns))
            {
                return ns;
            }

            return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
        }

        private static bool TryThreadCpu(out long nanoseconds)
        {
            nanoseconds = 0;
            try
            {
                if (clock_gettime(ThreadCpuTime, out var spec) != 0)
                {
                    return false;
                }

                nanoseconds = spec.Seconds * 1_000_000_000L + spec.Nanoseconds;
                return true;
            }
            catch (DllNotFoundException)
            {
                return false;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int clock_gettime(int clock, out TimeSpec spec);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }

#pragma warning disable RS1001, RS1025, RS1026 // a transparent wrapper: the inner analyzer configures itself
    private sealed class ProfiledAnalyzer : DiagnosticAnalyzer
    {
        private readonly DiagnosticAnalyzer _inner;
        private readonly ActionProfiler _profiler;

        public ProfiledAnalyzer(DiagnosticAnalyzer inner, ActionProfiler profiler)
        {
            _inner = inner;
            _profiler = profiler;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _inner.SupportedDiagnostics;

        public override void Initialize(AnalysisContext context) => _inner.Initialize(new Root(context, _profiler, _inner.GetType().Name));
    }
#pragma warning restore RS1001, RS1025, RS1026

    private sealed class Root : AnalysisContext
    {
        private readonly AnalysisContext _inner;
        private readonly ActionProfiler _p;
        private readonly string _owner;

        public Root(AnalysisContext inner, ActionProfiler profiler, string owner)
        {
            _inner = inner;
            _p = profiler;
            _owner = owner;
        }

        public override void EnableConcurrentExecution() => _inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            _inner.RegisterCompilationStartAction(_p.Timed<CompilationStartAnalysisContext>(_owner, "compilation start", c => action(new CompilationStart(c, _p, _owner))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationAction(_p.Timed(_owner, "compilation", action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_p.Timed(_owner, "semantic model", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _inner.RegisterSymbolAction(_p.Timed(_owner, "symbol", action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_p.Timed(_owner, "code block", action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_p.Timed(_owner, "syntax tree", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _inner.RegisterSyntaxNodeAction(_p.Timed(_owner, "syntax node", action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _inner.RegisterOperationAction(_p.Timed(_owner, $"operation [{string.Join(", ", operationKinds)}]", action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _inner.RegisterOperationBlockStartAction(_p.Timed(_owner, "operation block start", action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_p.Timed(_owner, "operation block", action));

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            _inner.RegisterSymbolStartAction(_p.Timed<SymbolStartAnalysisContext>(_owner, "symbol start", c => action(new SymbolStart(c, _p, _owner))), symbolKind);
    }

    // The wrappers forward every registration to the context they wrap (RS1012 cannot see through that).
#pragma warning disable RS1012
    private sealed class CompilationStart : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _inner;
        private readonly ActionProfiler _p;
        private readonly string _owner;

        public CompilationStart(CompilationStartAnalysisContext inner, ActionProfiler profiler, string owner)
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            _inner = inner;
            _p = profiler;
            _owner = owner;
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationEndAction(_p.Timed(_owner, "compilation end", action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_p.Timed(_owner, "semantic model", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _inner.RegisterSymbolAction(_p.Timed(_owner, "symbol", action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            _inner.RegisterSymbolStartAction(_p.Timed<SymbolStartAnalysisContext>(_owner, "symbol start", c => action(new SymbolStart(c, _p, _owner))), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_p.Timed(_owner, "code block", action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_p.Timed(_owner, "syntax tree", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _inner.RegisterSyntaxNodeAction(_p.Timed(_owner, "syntax node", action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _inner.RegisterOperationAction(_p.Timed(_owner, $"operation [{string.Join(", ", operationKinds)}]", action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _inner.RegisterOperationBlockStartAction(_p.Timed(_owner, "operation block start", action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_p.Timed(_owner, "operation block", action));
    }

    private sealed class SymbolStart : SymbolStartAnalysisContext
    {
        private readonly SymbolStartAnalysisContext _inner;
        private readonly ActionProfiler _p;
        private readonly string _owner;

        public SymbolStart(SymbolStartAnalysisContext inner, ActionProfiler profiler, string owner)
#pragma warning disable CS0618 // the public constructor is obsolete for hosts; a wrapper only forwards
            : base(inner.Symbol, inner.Compilation, inner.Options, inner.CancellationToken)
#pragma warning restore CS0618
        {
            _inner = inner;
            _p = profiler;
            _owner = owner;
        }

        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => _inner.RegisterSymbolEndAction(_p.Timed(_owner, "symbol end", action));

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _inner.RegisterCodeBlockStartAction(action);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_p.Timed(_owner, "code block", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _inner.RegisterSyntaxNodeAction(_p.Timed(_owner, "syntax node", action), syntaxKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _inner.RegisterOperationBlockStartAction(_p.Timed(_owner, "operation block start", action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_p.Timed(_owner, "operation block", action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _inner.RegisterOperationAction(_p.Timed(_owner, $"operation [{string.Join(", ", operationKinds)}]", action), operationKinds);
    }
#pragma warning restore RS1012
}
