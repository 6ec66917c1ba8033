using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.CodeFixes.Transformations;

/// <summary>
/// The name a static cache field takes once it is per-instance: <c>s_cache</c> / <c>t_cache</c> become <c>_cache</c>, or
/// what the project's <c>.editorconfig</c> naming rule for private instance fields asks for. No new name when the field
/// has no static prefix, or the name is already taken in the type.
/// </summary>
internal static class InstanceFieldName
{
    public static string? Choose(IFieldSymbol field, AnalyzerConfigOptions options)
    {
        var name = field.Name;
        if (name.Length < 3 || name[1] != '_' || (name[0] != 's' && name[0] != 't'))
        {
            return null;
        }

        var core = name.Substring(2);
        var candidate = FromNamingRule(core, options) ?? "_" + core;
        return candidate == name || !SyntaxFacts.IsValidIdentifier(candidate) || IsTaken(field.ContainingType, candidate) ? null : candidate;
    }

    private static bool IsTaken(INamedTypeSymbol? type, string name)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(name).IsEmpty || type.TypeParameters.Any(t => t.Name == name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The style of the most specific naming rule whose symbols include private instance fields (rules that require
    /// static, const or readonly-only modifiers do not apply), applied to <paramref name="core"/>.
    /// </summary>
    private static string? FromNamingRule(string core, AnalyzerConfigOptions options)
    {
        const string RulePrefix = "dotnet_naming_rule.";
        const string SymbolsSuffix = ".symbols";
        (int Specificity, string Rule, string Style)? best = null;
        foreach (var key in options.Keys)
        {
            if (!key.StartsWith(RulePrefix, StringComparison.Ordinal) || !key.EndsWith(SymbolsSuffix, StringComparison.Ordinal)
                || !options.TryGetValue(key, out var symbols))
            {
                continue;
            }

            var rule = key.Substring(RulePrefix.Length, key.Length - RulePrefix.Length - SymbolsSuffix.Length);
            if (!options.TryGetValue(RulePrefix + rule + ".style", out var style)
                || Specificity(symbols.Trim(), options) is not { } specificity)
            {
                continue;
            }

            if (best is null || specificity > best.Value.Specificity
                || (specificity == best.Value.Specificity && string.CompareOrdinal(rule, best.Value.Rule) < 0))
            {
                best = (specificity, rule, style.Trim());
            }
        }

        return best is { } chosen ? Apply(core, chosen.Style, options) : null;
    }

    /// <summary>How specific a symbol group is for a private instance field, or null when it does not include one.</summary>
    private static int? Specificity(string symbols, AnalyzerConfigOptions options)
    {
        var prefix = "dotnet_naming_symbols." + symbols + ".";
        var kinds = List(options, prefix + "applicable_kinds");
        var accessibilities = List(options, prefix + "applicable_accessibilities");
        var modifiers = List(options, prefix + "required_modifiers");
        if (kinds is not null && !kinds.Contains("field") && !kinds.Contains("*"))
        {
            return null;
        }

        if (accessibilities is not null && !accessibilities.Contains("private") && !accessibilities.Contains("*"))
        {
            return null;
        }

        if (modifiers is not null && modifiers.Any(m => m is "static" or "const" or "shared"))
        {
            return null;
        }

        return (kinds is null || kinds.Contains("*") ? 0 : 2) + (accessibilities is null || accessibilities.Contains("*") ? 0 : 1);
    }

    private static List<string>? List(AnalyzerConfigOptions options, string key)
        => options.TryGetValue(key, out var value)
            ? value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList()
            : null;

    private static string? Apply(string core, string style, AnalyzerConfigOptions options)
    {
        var prefix = "dotnet_naming_style." + style + ".";
        options.TryGetValue(prefix + "required_prefix", out var requiredPrefix);
        options.TryGetValue(prefix + "required_suffix", out var requiredSuffix);
        options.TryGetValue(prefix + "capitalization", out var capitalization);
        var body = capitalization?.Trim() switch
        {
            "pascal_case" or "first_word_upper" => char.ToUpperInvariant(core[0]) + core.Substring(1),
            "camel_case" => char.ToLowerInvariant(core[0]) + core.Substring(1),
            "all_upper" => core.ToUpperInvariant(),
            "all_lower" => core.ToLowerInvariant(),
            _ => core,
        };
        return (requiredPrefix?.Trim() ?? string.Empty) + body + (requiredSuffix?.Trim() ?? string.Empty);
    }
}
