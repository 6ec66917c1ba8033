using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Cli.Analysis;
using SafeCache.Cli.Fixing;
using SafeCache.Cli.Loading;
using SafeCache.Cli.Reports;
using SafeCache.Cli.Rules;
using SafeCache.CodeFixes;

namespace SafeCache.Cli.Commands;

internal sealed record FixOptions(string Path, IReadOnlyList<string> Rules, bool DryRun, bool Force, bool NoBuild, IReadOnlyList<string> Excludes, bool Progress);

/// <summary>
/// <c>safecache fix</c>: applies every available fix and writes the changed files back (or prints a unified diff),
/// refusing to overwrite files with uncommitted changes unless forced.
/// </summary>
internal static class FixCommand
{
    public static async Task<int> RunAsync(FixOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var catalog = RuleCatalog.Load();
        var ruleIds = catalog.Select(options.Rules);
        using var progress = new ProgressDisplay(options.Progress);
        using var code = await CodeLoader.LoadAsync(options.Path, options.NoBuild, options.Excludes, progress, cancellationToken).ConfigureAwait(false);
        foreach (var problem in code.Problems)
        {
            stderr.WriteLine($"warning: {problem}");
        }

        var analyzer = new ProjectAnalyzer(catalog.AnalyzersFor(ruleIds), ruleIds);
        var outcome = await FixAsync(code, analyzer, cancellationToken).ConfigureAwait(false);
        progress.Dispose();

        var changes = ChangedFiles(code.Solution, outcome.Solution, cancellationToken);
        var unfixed = outcome.Unfixed;
        if (changes.Count == 0)
        {
            stdout.WriteLine($"nothing to fix; {TextReport.Plural(unfixed.Count, "finding")} without an automatic fix");
            WriteUnfixed(unfixed, stdout);
            return ExitCodes.Clean;
        }

        if (options.DryRun)
        {
            foreach (var change in changes)
            {
                stdout.Write(UnifiedDiff.Create(Scanner.RelativePath(code.Root, change.Path), change.Before, change.After));
            }

            stdout.WriteLine($"would fix {TextReport.Plural(outcome.Fixed, "finding")} in {TextReport.Plural(changes.Count, "file")} (dry run: nothing written)");
            return ExitCodes.Clean;
        }

        if (!options.Force)
        {
            var dirty = GitWorkTree.UncommittedFiles(changes.Select(c => c.Path));
            if (dirty.Count > 0)
            {
                var names = string.Join(", ", dirty.Select(f => Scanner.RelativePath(code.Root, f)));
                throw new UsageException($"refusing to write: {TextReport.Plural(dirty.Count, "file")} with uncommitted changes ({names}); commit or stash them, or pass --force");
            }
        }

        foreach (var change in changes)
        {
            File.WriteAllText(change.Path, change.After, change.Encoding);
            stdout.WriteLine($"fixed {Scanner.RelativePath(code.Root, change.Path)}");
        }

        stdout.WriteLine($"fixed {TextReport.Plural(outcome.Fixed, "finding")} in {TextReport.Plural(changes.Count, "file")}; {TextReport.Plural(unfixed.Count, "finding")} without an automatic fix");
        WriteUnfixed(unfixed, stdout);
        return ExitCodes.Clean;
    }

    private const int MaxRounds = 4;

    /// <summary>
    /// Diagnose, apply the library's Fix All (each diagnostic's preferred fix, each cache rewritten once), and diagnose
    /// again: a cache two rules flag gets its second fix in the next round. Stops when a round changes nothing.
    /// </summary>
    private static async Task<FixOutcome> FixAsync(LoadedCode code, ProjectAnalyzer analyzer, CancellationToken cancellationToken)
    {
        var projects = code.Projects.Select(p => p.Id).ToList();
        var solution = code.Solution;
        var initial = -1;
        for (var round = 0; ; round++)
        {
            var diagnostics = new List<Diagnostic>();
            foreach (var id in projects)
            {
                diagnostics.AddRange((await analyzer.AnalyzeAsync(solution.GetProject(id)!, null, cancellationToken).ConfigureAwait(false)).Diagnostics);
            }

            var remaining = diagnostics.Select(d => Scanner.ToFinding(d, code.Root)).Distinct().ToList();
            initial = initial < 0 ? remaining.Count : initial;
            var next = round < MaxRounds
                ? await SafeCacheFixes.FixAllAsync(solution, diagnostics, equivalenceKey: null, cancellationToken).ConfigureAwait(false)
                : solution;
            if (!next.GetChanges(solution).GetProjectChanges().Any())
            {
                return new FixOutcome(solution, Math.Max(0, initial - remaining.Count), remaining);
            }

            solution = next;
        }
    }

    /// <param name="Fixed">How many fewer findings the fixed code has.</param>
    /// <param name="Unfixed">The findings left: those no fix could handle.</param>
    private sealed record FixOutcome(Solution Solution, int Fixed, IReadOnlyList<Finding> Unfixed);

    private static void WriteUnfixed(IReadOnlyList<Finding> unfixed, TextWriter stdout)
    {
        foreach (var f in unfixed)
        {
            stdout.WriteLine($"  {f.Path}:{f.Line}:{f.Column}  {f.RuleId}  {f.Message}");
        }
    }

    private sealed record FileChange(string Path, string Before, string After, Encoding Encoding);

    // Only documents that exist on disk; the generated implicit-usings file of a folder scan never changes.
    private static List<FileChange> ChangedFiles(Solution before, Solution after, CancellationToken cancellationToken)
    {
        var result = new List<FileChange>();
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var oldDocument = before.GetDocument(id)!;
                var newDocument = after.GetDocument(id)!;
                if (oldDocument.FilePath is null || !File.Exists(oldDocument.FilePath))
                {
                    continue;
                }

                var oldText = oldDocument.GetTextAsync(cancellationToken).GetAwaiter().GetResult();
                var newText = newDocument.GetTextAsync(cancellationToken).GetAwaiter().GetResult();
                result.Add(new FileChange(oldDocument.FilePath, oldText.ToString(), newText.ToString(), oldText.Encoding ?? new UTF8Encoding(false)));
            }
        }

        return result.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }
}
