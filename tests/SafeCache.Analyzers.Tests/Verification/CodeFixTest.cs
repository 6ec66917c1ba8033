using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// A code-fix test. <see cref="Sources"/> carry the expected diagnostics as markup; <see cref="FixedSources"/> are the expected
/// texts after the fix, with markup for any diagnostics expected to remain.
/// With <see cref="FixAllScope"/> null, single fixes are applied one diagnostic at a time until none is left;
/// otherwise the provider's Fix All provider is run in that scope.
/// </summary>
public class CodeFixTest<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public List<string> Sources { get; } = new();

    public List<string> FixedSources { get; } = new();

    /// <inheritdoc cref="AnalyzerTest{TAnalyzer}.EditorConfig"/>
    public string? EditorConfig { get; set; }

    /// <summary>When true (default) the sources must compile without errors before analysis.</summary>
    public bool CompileBeforeAnalysis { get; set; } = true;

    /// <summary>Selects the code action by equivalence key. Without key or index, exactly one action must be offered.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>Selects the code action by its index among the actions offered for a diagnostic.</summary>
    public int? CodeActionIndex { get; set; }

    /// <summary>null: apply single fixes iteratively; otherwise run Fix All in this scope.</summary>
    public FixAllScope? FixAllScope { get; set; }

    /// <summary>Explicit expected diagnostics on <see cref="Sources"/>, besides the markup.</summary>
    public List<DiagnosticResult> ExpectedDiagnostics { get; } = new();

    /// <summary>Explicit expected diagnostics remaining after the fix, besides the markup in <see cref="FixedSources"/>.</summary>
    public List<DiagnosticResult> FixedExpectedDiagnostics { get; } = new();

    /// <summary>Upper bound on fix iterations; default: number of fixable diagnostics + 1.</summary>
    public int? MaxIterations { get; set; }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VerificationEngine.Timeout);
        var ct = timeout.Token;

        if (Sources.Count == 0)
        {
            throw new VerificationException("The test has no sources.");
        }

        if (FixedSources.Count != Sources.Count)
        {
            throw new VerificationException(string.Create(CultureInfo.InvariantCulture, $"The test has {Sources.Count} source(s) but {FixedSources.Count} fixed source(s); give one fixed source per source."));
        }

        if (CodeActionEquivalenceKey is not null && CodeActionIndex is not null)
        {
            throw new VerificationException("Set either CodeActionEquivalenceKey or CodeActionIndex, not both.");
        }

        var defaultId = AnalyzerTest<TAnalyzer>.DefaultDiagnosticId;
        var (texts, markupExpected) = VerificationEngine.ParseSources(Sources, defaultId);
        var (fixedTexts, fixedMarkupExpected) = VerificationEngine.ParseSources(FixedSources, defaultId);
        var fixer = new TCodeFix();
        var fixableIds = fixer.FixableDiagnosticIds.ToImmutableHashSet(StringComparer.Ordinal);
        var supportedIds = new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
        if (!fixableIds.Overlaps(supportedIds))
        {
            throw new VerificationException(
                $"{typeof(TCodeFix).FullName} fixes [{string.Join(", ", fixableIds)}] but {typeof(TAnalyzer).FullName} reports [{string.Join(", ", supportedIds)}]: nothing to fix.");
        }

        using var workspace = new AdhocWorkspace();
        var (solution, projectId, documentIds) = VerificationEngine.CreateSolution(workspace, texts, EditorConfig);
        var project = solution.GetProject(projectId)!;

        // 1. The source itself: compiles, and the analyzer reports exactly the marked-up diagnostics.
        if (CompileBeforeAnalysis)
        {
            await VerificationEngine.AssertCompilesAsync(project, "before the fix", ct).ConfigureAwait(false);
        }

        var baselineErrors = await VerificationEngine.GetCompilerErrorsAsync(project, ct).ConfigureAwait(false);
        var initial = await VerificationEngine.RunAnalyzerCheckedAsync(project, () => new TAnalyzer(), "on the test source", ct).ConfigureAwait(false);
        VerificationEngine.AssertDiagnostics(markupExpected.Concat(ExpectedDiagnostics).ToList(), initial, solution, "on the test source");

        // 2. Apply the fix(es).
        var initialFixable = initial.Count(d => fixableIds.Contains(d.Id));
        var maxIterations = MaxIterations ?? initialFixable + 1;
        var fixedSolution = FixAllScope is { } scope
            ? await ApplyFixAllAsync(solution, projectId, fixer, fixableIds, scope, maxIterations, ct).ConfigureAwait(false)
            : await ApplySingleFixesAsync(solution, projectId, fixer, fixableIds, maxIterations, texts, fixedTexts, ct).ConfigureAwait(false);

        // 3. Exact text comparison (line endings normalised).
        var mismatches = new StringBuilder();
        for (var i = 0; i < documentIds.Length; i++)
        {
            var actualText = (await fixedSolution.GetDocument(documentIds[i])!.GetTextAsync(ct).ConfigureAwait(false)).ToString();
            if (VerificationEngine.NormalizeLineEndings(actualText) != VerificationEngine.NormalizeLineEndings(fixedTexts[i]))
            {
                mismatches.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{VerificationEngine.DocumentPath(i)} (- expected, + actual):"));
                mismatches.Append(VerificationEngine.LineDiff(fixedTexts[i], actualText));
            }
        }

        if (mismatches.Length > 0)
        {
            throw new VerificationException("The fixed text does not match the expected fixed source." + Environment.NewLine + mismatches);
        }

        // 4. The fixed project compiles: no compiler error that was not there before.
        var fixedProject = fixedSolution.GetProject(projectId)!;
        var fixedErrors = await VerificationEngine.GetCompilerErrorsAsync(fixedProject, ct).ConfigureAwait(false);
        var remainingBaseline = baselineErrors.Select(ErrorKey).ToList();
        var newErrors = new List<Diagnostic>();
        foreach (var error in fixedErrors)
        {
            if (!remainingBaseline.Remove(ErrorKey(error)))
            {
                newErrors.Add(error);
            }
        }

        if (newErrors.Count > 0)
        {
            throw new VerificationException(
                "The code fix introduced compiler errors (the fixed code does not compile):" + Environment.NewLine
                + VerificationEngine.FormatCompilerDiagnostics(newErrors, fixedSolution));
        }

        // 5. Re-run the analyzer: only the diagnostics marked up in the fixed sources may remain.
        var remaining = await VerificationEngine.RunAnalyzerCheckedAsync(fixedProject, () => new TAnalyzer(), "on the fixed source", ct).ConfigureAwait(false);
        VerificationEngine.AssertDiagnostics(fixedMarkupExpected.Concat(FixedExpectedDiagnostics).ToList(), remaining, fixedSolution, "on the fixed source (after the code fix)");
    }

    private static string ErrorKey(Diagnostic d) => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture);

    private async Task<ImmutableArray<Diagnostic>> GetFixableAsync(Project project, ImmutableHashSet<string> fixableIds, CancellationToken ct)
    {
        var run = await VerificationEngine.RunAnalyzerAsync(project, () => new TAnalyzer(), concurrent: true, ct).ConfigureAwait(false);
        if (run.Exceptions.Length > 0)
        {
            throw new VerificationException("The analyzer threw an exception (AD0001) during the fix loop:" + Environment.NewLine + string.Join(Environment.NewLine, run.Exceptions));
        }

        return run.Diagnostics.Where(d => fixableIds.Contains(d.Id) && d.Location.IsInSource).ToImmutableArray();
    }

    private static async Task<ImmutableArray<CodeAction>> GetActionsAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, CancellationToken ct)
    {
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), ct);
        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions.ToImmutable();
    }

    private static string DescribeActions(IEnumerable<CodeAction> actions)
        => string.Join(Environment.NewLine, actions.Select((a, i) => string.Create(CultureInfo.InvariantCulture, $"  [{i}] \"{a.Title}\" (equivalence key: {a.EquivalenceKey ?? "null"})")));

    /// <summary>Picks the action per key/index; null if none applies; throws when ambiguous or index out of range.</summary>
    private CodeAction? ChooseAction(ImmutableArray<CodeAction> actions, Diagnostic diagnostic)
    {
        if (actions.IsEmpty)
        {
            return null;
        }

        if (CodeActionEquivalenceKey is { } key)
        {
            return actions.FirstOrDefault(a => a.EquivalenceKey == key);
        }

        if (CodeActionIndex is { } index)
        {
            if (index < 0 || index >= actions.Length)
            {
                throw new VerificationException(
                    string.Create(CultureInfo.InvariantCulture, $"CodeActionIndex {index} is out of range: {actions.Length} code action(s) were offered for {DiagnosticResult.FromDiagnostic(diagnostic)}:")
                    + Environment.NewLine + DescribeActions(actions));
            }

            return actions[index];
        }

        if (actions.Length > 1)
        {
            throw new VerificationException(
                string.Create(CultureInfo.InvariantCulture, $"Several code actions ({actions.Length}) were registered for {DiagnosticResult.FromDiagnostic(diagnostic)} where one was expected; set CodeActionEquivalenceKey or CodeActionIndex:")
                + Environment.NewLine + DescribeActions(actions));
        }

        return actions[0];
    }

    private static async Task<Solution> ApplyAsync(CodeAction action, Solution solution, CancellationToken ct)
    {
        var operations = await action.GetOperationsAsync(ct).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().ToList();
        if (apply.Count != 1)
        {
            throw new VerificationException(string.Create(CultureInfo.InvariantCulture, $"Code action \"{action.Title}\" produced {apply.Count} ApplyChangesOperation(s); expected exactly one."));
        }

        return apply[0].ChangedSolution;
    }

    private static async Task<bool> TextsChangedAsync(Solution before, Solution after, ProjectId projectId, CancellationToken ct)
    {
        var oldProject = before.GetProject(projectId)!;
        var newProject = after.GetProject(projectId);
        if (newProject is null)
        {
            return true;
        }

        var oldIds = oldProject.DocumentIds.ToHashSet();
        if (!oldIds.SetEquals(newProject.DocumentIds))
        {
            return true;
        }

        foreach (var id in oldIds)
        {
            var oldText = await oldProject.GetDocument(id)!.GetTextAsync(ct).ConfigureAwait(false);
            var newText = await newProject.GetDocument(id)!.GetTextAsync(ct).ConfigureAwait(false);
            if (!oldText.ContentEquals(newText))
            {
                return true;
            }
        }

        return false;
    }

    private static List<DiagnosticResult> Keys(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Select(d => DiagnosticResult.FromDiagnostic(d) with { Message = null }).ToList();

    private async Task<Solution> ApplySingleFixesAsync(
        Solution solution,
        ProjectId projectId,
        CodeFixProvider fixer,
        ImmutableHashSet<string> fixableIds,
        int maxIterations,
        ImmutableArray<string> texts,
        ImmutableArray<string> fixedTexts,
        CancellationToken ct)
    {
        var iterations = 0;
        var offered = new List<CodeAction>();
        while (true)
        {
            var project = solution.GetProject(projectId)!;
            var diagnostics = await GetFixableAsync(project, fixableIds, ct).ConfigureAwait(false);
            if (diagnostics.IsEmpty)
            {
                break;
            }

            CodeAction? chosen = null;
            foreach (var diagnostic in diagnostics)
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree);
                if (document is null)
                {
                    continue;
                }

                var actions = await GetActionsAsync(fixer, document, diagnostic, ct).ConfigureAwait(false);
                offered.AddRange(actions);
                chosen = ChooseAction(actions, diagnostic);
                if (chosen is not null)
                {
                    break;
                }
            }

            if (chosen is null)
            {
                // No (matching) action for any remaining diagnostic: the remaining ones are checked against the fixed markup.
                if (iterations == 0 && !texts.SequenceEqual(fixedTexts))
                {
                    throw new VerificationException(
                        "The code fix provider offered no applicable code action"
                        + (CodeActionEquivalenceKey is null ? string.Empty : $" with equivalence key \"{CodeActionEquivalenceKey}\"")
                        + " for any of the diagnostics:" + Environment.NewLine
                        + VerificationEngine.FormatList(diagnostics.Select(DiagnosticResult.FromDiagnostic), solution)
                        + "Offered:" + Environment.NewLine + (offered.Count == 0 ? "  (none)" : DescribeActions(offered)));
                }

                break;
            }

            if (++iterations > maxIterations)
            {
                throw new VerificationException(
                    string.Create(CultureInfo.InvariantCulture, $"The code fix did not converge after {maxIterations} iteration(s) (infinite loop?): applying \"{chosen.Title}\" keeps producing fixable diagnostics:")
                    + Environment.NewLine + VerificationEngine.FormatList(diagnostics.Select(DiagnosticResult.FromDiagnostic), solution));
            }

            var newSolution = await ApplyAsync(chosen, solution, ct).ConfigureAwait(false);
            await AssertProgressAsync(chosen, solution, newSolution, projectId, diagnostics, fixableIds, ct).ConfigureAwait(false);
            solution = newSolution;
        }

        return solution;
    }

    private async Task AssertProgressAsync(
        CodeAction action,
        Solution before,
        Solution after,
        ProjectId projectId,
        ImmutableArray<Diagnostic> diagnosticsBefore,
        ImmutableHashSet<string> fixableIds,
        CancellationToken ct)
    {
        if (!await TextsChangedAsync(before, after, projectId, ct).ConfigureAwait(false))
        {
            throw new VerificationException(
                $"Code action \"{action.Title}\" changed nothing (fix did nothing): the same diagnostics remain before and after applying it:"
                + Environment.NewLine + VerificationEngine.FormatList(diagnosticsBefore.Select(DiagnosticResult.FromDiagnostic), before));
        }

        var diagnosticsAfter = await GetFixableAsync(after.GetProject(projectId)!, fixableIds, ct).ConfigureAwait(false);
        if (Keys(diagnosticsBefore).SequenceEqual(Keys(diagnosticsAfter)))
        {
            throw new VerificationException(
                $"Code action \"{action.Title}\" changed the text but the same diagnostics remain before and after applying it:"
                + Environment.NewLine + VerificationEngine.FormatList(diagnosticsAfter.Select(DiagnosticResult.FromDiagnostic), after));
        }
    }

    private async Task<Solution> ApplyFixAllAsync(
        Solution solution,
        ProjectId projectId,
        CodeFixProvider fixer,
        ImmutableHashSet<string> fixableIds,
        FixAllScope scope,
        int maxIterations,
        CancellationToken ct)
    {
        var fixAllProvider = fixer.GetFixAllProvider()
            ?? throw new VerificationException($"{fixer.GetType().FullName}.GetFixAllProvider() returned null: the code fix does not support Fix All.");
        if (!fixAllProvider.GetSupportedFixAllScopes().Contains(scope))
        {
            throw new VerificationException($"The Fix All provider of {fixer.GetType().FullName} does not support scope {scope}.");
        }

        var diagnosticProvider = new AnalyzerDiagnosticProvider(() => new TAnalyzer(), fixableIds);
        var iterations = 0;
        while (true)
        {
            var project = solution.GetProject(projectId)!;
            var diagnostics = await GetFixableAsync(project, fixableIds, ct).ConfigureAwait(false);
            if (diagnostics.IsEmpty)
            {
                break;
            }

            // The trigger: the first diagnostic with an applicable action, as when the user invokes Fix All on it.
            Document? triggerDocument = null;
            CodeAction? triggerAction = null;
            foreach (var diagnostic in diagnostics)
            {
                var document = solution.GetDocument(diagnostic.Location.SourceTree);
                if (document is null)
                {
                    continue;
                }

                triggerAction = ChooseAction(await GetActionsAsync(fixer, document, diagnostic, ct).ConfigureAwait(false), diagnostic);
                if (triggerAction is not null)
                {
                    triggerDocument = document;
                    break;
                }
            }

            if (triggerAction is null || triggerDocument is null)
            {
                if (iterations == 0)
                {
                    throw new VerificationException("The code fix provider offered no applicable code action to start Fix All from.");
                }

                break;
            }

            if (++iterations > maxIterations)
            {
                throw new VerificationException(
                    string.Create(CultureInfo.InvariantCulture, $"Fix All ({scope}) did not converge after {maxIterations} iteration(s) (infinite loop?); fixable diagnostics remain:")
                    + Environment.NewLine + VerificationEngine.FormatList(diagnostics.Select(DiagnosticResult.FromDiagnostic), solution));
            }

            var context = new FixAllContext(
                triggerDocument,
                fixer,
                scope,
                triggerAction.EquivalenceKey,
                fixableIds,
                diagnosticProvider,
                ct);
            var fixAllAction = await fixAllProvider.GetFixAsync(context).ConfigureAwait(false)
                ?? throw new VerificationException($"The Fix All provider returned no code action (scope {scope}, equivalence key {triggerAction.EquivalenceKey ?? "null"}): the fixes changed nothing (fix did nothing).");
            var newSolution = await ApplyAsync(fixAllAction, solution, ct).ConfigureAwait(false);
            await AssertProgressAsync(fixAllAction, solution, newSolution, projectId, diagnostics, fixableIds, ct).ConfigureAwait(false);
            solution = newSolution;
        }

        return solution;
    }
}

/// <summary>Static helpers in the spirit of Microsoft's <c>CSharpCodeFixVerifier</c>.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => AnalyzerVerifier<TAnalyzer>.Diagnostic();

    public static DiagnosticResult Diagnostic(string id) => new(id);

    /// <summary>Verifies the analyzer diagnostics on <paramref name="source"/> (markup).</summary>
    public static Task VerifyAnalyzerAsync(string source) => AnalyzerVerifier<TAnalyzer>.VerifyAsync(source);

    /// <summary>Applies the fix (single fixes, iterated) and compares with <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync(string source, string fixedSource, string? equivalenceKey = null)
        => new CodeFixTest<TAnalyzer, TCodeFix>
        {
            Sources = { source },
            FixedSources = { fixedSource },
            CodeActionEquivalenceKey = equivalenceKey,
        }.RunAsync();

    /// <summary>Runs Fix All in <paramref name="scope"/> and compares with <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAllAsync(string source, string fixedSource, FixAllScope scope = Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Solution, string? equivalenceKey = null)
        => new CodeFixTest<TAnalyzer, TCodeFix>
        {
            Sources = { source },
            FixedSources = { fixedSource },
            CodeActionEquivalenceKey = equivalenceKey,
            FixAllScope = scope,
        }.RunAsync();
}
