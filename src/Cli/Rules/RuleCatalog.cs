using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.CodeFixes;

namespace SafeCache.Cli.Rules;

/// <summary>
/// Every SafeCache analyzer and code fix, discovered from the shipped assemblies the way a compiler host discovers
/// them (attributes), so a new rule or fix shows up here without touching the tool.
/// </summary>
internal sealed class RuleCatalog
{
    private RuleCatalog(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
    {
        Analyzers = analyzers;
        Fixers = fixers;

        // One rule ID may have several descriptors (SC0003 has three shapes); the first one speaks for the rule.
        Rules = analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new RuleInfo(d, FixTitles(d.Id)))
            .ToImmutableArray();
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixers { get; }

    public ImmutableArray<RuleInfo> Rules { get; }

    public static RuleCatalog Load()
    {
        // Loaded by name: the tool ships both assemblies beside itself, as the package ships them in analyzers/.
        var analyzerAssembly = Assembly.Load(new AssemblyName("SafeCache.Analyzers"));
        var fixAssembly = Assembly.Load(new AssemblyName("SafeCache.CodeFixes"));

        var analyzers = Instantiate<DiagnosticAnalyzer>(analyzerAssembly, t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is { } a && a.Languages.Contains(LanguageNames.CSharp));
        var fixers = Instantiate<CodeFixProvider>(fixAssembly, t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is { } a && a.Languages.Contains(LanguageNames.CSharp));
        return new RuleCatalog(analyzers, fixers);
    }

    /// <summary>Keeps only the rules named in <paramref name="ruleIds"/> (all when null); unknown IDs are a usage error.</summary>
    public ImmutableHashSet<string> Select(IReadOnlyCollection<string>? ruleIds)
    {
        var known = Rules.Select(r => r.Id).ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
        if (ruleIds is null || ruleIds.Count == 0)
        {
            return known.WithComparer(StringComparer.Ordinal);
        }

        var unknown = ruleIds.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown rule {string.Join(", ", unknown)}; known rules: {string.Join(", ", Rules.Select(r => r.Id))}");
        }

        return ruleIds.Select(id => id.ToUpperInvariant()).ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary>The analyzers that can report at least one of <paramref name="ruleIds"/>.</summary>
    public ImmutableArray<DiagnosticAnalyzer> AnalyzersFor(ImmutableHashSet<string> ruleIds)
        => Analyzers.Where(a => a.SupportedDiagnostics.Any(d => ruleIds.Contains(d.Id))).ToImmutableArray();

    public RuleInfo? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    // One provider per rule offers several fixes: list each fix by the name in its equivalence key, in preference order.
    private static IReadOnlyList<string> FixTitles(string id)
        => SafeCacheFixes.GetFixes(id).Select(f => f.Name).ToList();

    private static ImmutableArray<T> Instantiate<T>(Assembly assembly, Func<Type, bool> exported)
        where T : class
        => assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && exported(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}

internal sealed record RuleInfo(DiagnosticDescriptor Descriptor, IReadOnlyList<string> Fixes)
{
    public string Id => Descriptor.Id;

    public string Title => Descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Category => Descriptor.Category;

    public DiagnosticSeverity DefaultSeverity => Descriptor.DefaultSeverity;

    public string HelpUri => Descriptor.HelpLinkUri;
}
