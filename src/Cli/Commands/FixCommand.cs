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
        var applier = new PreferredFixApplier(catalog.Fixers, async (project, ct) => (await analyzer.AnalyzeAsync(project, null, ct).ConfigureAwait(false)).Diagnostics);
        var outcome = await applier.ApplyAsync(code.Solution, code.Projects.Select(p => p.Id).ToList(), cancellationToken).ConfigureAwait(false);
        progress.Dispose();

        var changes = ChangedFiles(code.Solution, outcome.Solution, cancellationToken);
        var unfixed = outcome.Unfixed.Select(d => Scanner.ToFinding(d, code.Root)).Distinct().ToList();
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
