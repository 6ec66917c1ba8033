using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>Compilation settings shared by the verifiers and the tests that build compilations themselves.</summary>
public static class TestOptions
{
    /// <summary>Path of the i-th test document, as the testing framework names it.</summary>
    public static string DocumentPath(int index) => string.Create(CultureInfo.InvariantCulture, $"/0/Test{index}.cs");

    public static CSharpCompilationOptions CompilationOptions { get; } =
        new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>
    /// Turns the <c>EditorConfig</c> text of a test into a config file: plain <c>key = value</c> lines are placed under
    /// <c>root = true</c> and <c>[*.cs]</c>; text that has its own section headers (or <c>root</c>/<c>is_global</c>) is used as is.
    /// </summary>
    public static string? BuildEditorConfig(string? editorConfig)
    {
        if (string.IsNullOrWhiteSpace(editorConfig))
        {
            return null;
        }

        var hasSections = Regex.IsMatch(editorConfig, @"^\s*(\[|(root|is_global)\s*=)", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        return hasSections ? editorConfig : "root = true\n\n[*.cs]\n" + editorConfig.Trim() + "\n";
    }

    /// <summary>Removes <c>[|…|]</c> and <c>{|ID:…|}</c> markup.</summary>
    public static string StripMarkup(string markup) => Regex.Replace(markup, @"\[\||\|\]|\{\|[A-Za-z0-9_#]+:|\|\}", string.Empty);
}
