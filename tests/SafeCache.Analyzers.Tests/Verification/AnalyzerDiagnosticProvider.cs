using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>Feeds Fix All with the diagnostics of the analyzer under test.</summary>
internal sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
{
    private readonly Func<DiagnosticAnalyzer> _createAnalyzer;
    private readonly ImmutableHashSet<string> _ids;

    public AnalyzerDiagnosticProvider(Func<DiagnosticAnalyzer> createAnalyzer, ImmutableHashSet<string> ids)
    {
        _createAnalyzer = createAnalyzer;
        _ids = ids;
    }

    public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        => await GetAsync(project, cancellationToken).ConfigureAwait(false);

    public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAsync(document.Project, cancellationToken).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
    }

    public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        => (await GetAsync(project, cancellationToken).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

    private async Task<ImmutableArray<Diagnostic>> GetAsync(Project project, CancellationToken cancellationToken)
    {
        var run = await VerificationEngine.RunAnalyzerAsync(project, _createAnalyzer, concurrent: true, cancellationToken).ConfigureAwait(false);
        if (run.Exceptions.Length > 0)
        {
            throw new VerificationException("The analyzer threw an exception (AD0001) during Fix All:" + Environment.NewLine + string.Join(Environment.NewLine, run.Exceptions));
        }

        return run.Diagnostics.Where(d => _ids.Contains(d.Id)).ToImmutableArray();
    }
}
