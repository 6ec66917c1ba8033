using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>The harness is itself tested: it must fail where a test is wrong and pass where it is right.</summary>
public sealed class HarnessTests
{
    private const string OneIntField = @"
class C
{
    int [|count|];
    string name = """";
}
";

    private static async Task<VerificationException> AssertFailsAsync(Func<Task> test, params string[] expectedFragments)
    {
        var exception = await Assert.ThrowsAsync<VerificationException>(test);
        foreach (var fragment in expectedFragments)
        {
            Assert.Contains(fragment, exception.Message, StringComparison.Ordinal);
        }

        return exception;
    }

    // ---------------------------------------------------------------- markup

    [Fact]
    public void Markup_is_stripped_and_spans_nest()
    {
        var (text, spans) = TestMarkup.Parse("a{|X1:b[|c|]d|}e[|f|]");
        Assert.Equal("abcdef", text);
        Assert.Equal(3, spans.Length);
        Assert.Equal(new MarkupSpan("X1", new Microsoft.CodeAnalysis.Text.TextSpan(1, 3)), spans[0]);
        Assert.Equal(new MarkupSpan(null, new Microsoft.CodeAnalysis.Text.TextSpan(2, 1)), spans[1]);
        Assert.Equal(new MarkupSpan(null, new Microsoft.CodeAnalysis.Text.TextSpan(5, 1)), spans[2]);
    }

    [Fact]
    public void Markup_rejects_unbalanced_markers()
    {
        Assert.Throws<VerificationException>(() => TestMarkup.Parse("a[|b"));
        Assert.Throws<VerificationException>(() => TestMarkup.Parse("a|]b"));
        Assert.Throws<VerificationException>(() => TestMarkup.Parse("{|X:a|]"));
    }

    // ---------------------------------------------------------------- analyzer: passing cases

    [Fact]
    public Task Analyzer_passes_on_exact_markup()
        => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync(OneIntField);

    [Fact]
    public Task Analyzer_passes_with_specific_ids_nested_and_multiple_markers()
        => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync(@"
class C
{
    {|TEST0002:static int [|a|], {|TEST0001:b|};|}
    int [|c|];
}
");

    [Fact]
    public Task Analyzer_passes_with_no_diagnostics_expected()
        => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync("class C { long a; }");

    [Fact]
    public Task Analyzer_passes_over_several_documents()
        => new AnalyzerTest<IntFieldAnalyzer>
        {
            Sources =
            {
                "partial class C { int [|a|]; }",
                "partial class C { int [|b|]; }",
            },
        }.RunAsync();

    [Fact]
    public async Task EditorConfig_options_reach_the_analyzer()
    {
        var test = new AnalyzerTest<IntFieldAnalyzer>
        {
            Sources = { "class C { int [|a|]; }" },
            EditorConfig = "test_harness.note = from-editorconfig",
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(IntFieldAnalyzer.IntFieldId)
            .WithSpan(1, 15, 1, 16)
            .WithMessage("Field 'a' is an int (note: from-editorconfig)"));

        // The marked-up diagnostic and the explicit one are the same diagnostic: only one is reported.
        await AssertFailsAsync(() => test.RunAsync(), "Missing diagnostics (1)");

        await new AnalyzerTest<IntFieldAnalyzer>
        {
            Sources = { "class C { int a; }" },
            EditorConfig = "test_harness.note = from-editorconfig",
            ExpectedDiagnostics =
            {
                AnalyzerVerifier<IntFieldAnalyzer>.Diagnostic().WithSpan(1, 15, 1, 16).WithMessage("Field 'a' is an int (note: from-editorconfig)"),
            },
        }.RunAsync();
    }

    [Fact]
    public Task EditorConfig_with_own_sections_is_used_as_is_and_severity_applies()
        => new AnalyzerTest<IntFieldAnalyzer>
        {
            Sources = { "class C { int a; }" },
            EditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.TEST0001.severity = none\n",
        }.RunAsync();

    [Fact]
    public async Task Wrong_message_fails()
    {
        await AssertFailsAsync(
            () => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync(
                "class C { int a; }",
                AnalyzerVerifier<IntFieldAnalyzer>.Diagnostic().WithSpan(1, 15, 1, 16).WithMessage("Field 'a' is an int (note: other)")),
            "Missing diagnostics (1)",
            "note: none");
    }

    [Fact]
    public Task Robustness_mode_accepts_code_that_does_not_compile()
        => new AnalyzerTest<IntFieldAnalyzer>
        {
            Sources = { "class C { int [|a|]; void M( }" },
            CompileBeforeAnalysis = false,
        }.RunAsync();

    // ---------------------------------------------------------------- analyzer: failing cases

    [Fact]
    public Task Missing_diagnostic_fails()
        => AssertFailsAsync(
            () => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync("class C { long [|a|]; }"),
            "Missing diagnostics (1)",
            "/0/Test0.cs(1,16)-(1,17): TEST0001");

    [Fact]
    public Task Extra_diagnostic_fails()
        => AssertFailsAsync(
            () => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync("class C { int [|a|]; int b; }"),
            "Unexpected diagnostics (1)",
            "/0/Test0.cs(1,22)-(1,23): TEST0001: Field 'b' is an int (note: none)");

    [Fact]
    public async Task Wrong_span_fails()
    {
        var exception = await AssertFailsAsync(
            () => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync("class C { [|int a|]; }"),
            "Missing diagnostics (1)",
            "Unexpected diagnostics (1)",
            "(1,11)-(1,16): TEST0001",
            "(1,15)-(1,16): TEST0001");
        Assert.Contains("[span text: \"int a\"]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Wrong_id_fails()
        => AssertFailsAsync(
            () => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync("class C { int {|TEST0002:a|}; }"),
            "Missing diagnostics (1)",
            "(1,15)-(1,16): TEST0002",
            "Unexpected diagnostics (1)");

    [Fact]
    public Task Source_that_does_not_compile_fails()
        => AssertFailsAsync(
            () => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync("class C { int [|a|]; NoSuchType b; }"),
            "does not compile",
            "CS0246");

    [Fact]
    public Task Analyzer_exception_fails_with_AD0001()
        => AssertFailsAsync(
            () => AnalyzerVerifier<ThrowingAnalyzer>.VerifyAsync("class C { }"),
            "AD0001",
            "Boom from ThrowingAnalyzer");

    [Fact]
    public Task Analyzer_exception_fails_even_without_compiling()
        => AssertFailsAsync(
            () => new AnalyzerTest<ThrowingAnalyzer> { Sources = { "class C { void M( }" }, CompileBeforeAnalysis = false }.RunAsync(),
            "AD0001");

    // ---------------------------------------------------------------- references

    [Fact]
    public Task Tests_can_use_caching_libraries_and_the_runtime()
        => AnalyzerVerifier<IntFieldAnalyzer>.VerifyAsync(@"
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

class C
{
    static readonly IMemoryCache Cache = new MemoryCache(Options.Create(new MemoryCacheOptions { SizeLimit = 10 }));
    static readonly System.Runtime.Caching.ObjectCache Objects = System.Runtime.Caching.MemoryCache.Default;
    static readonly ConcurrentDictionary<string, object> Map = new();
    static readonly System.Reflection.Assembly Runtime = typeof(SafeCache.CacheInfo).Assembly;
}
");

    [Fact]
    public void CompilationHelper_emits_and_loads_in_a_collectible_context()
    {
        using var loaded = CompilationHelper.EmitAndLoad("public static class P { public static int Twice(int x) => x * 2; }");
        Assert.True(loaded.Context.IsCollectible);
        Assert.Equal(42, loaded.InvokeStatic("P", "Twice", 21));

        var exception = Assert.Throws<VerificationException>(() => CompilationHelper.Emit("class Broken { NoSuchType x; }"));
        Assert.Contains("CS0246", exception.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- code fixes: passing cases

    [Fact]
    public Task Fix_passes_on_correct_fix()
        => CodeFixVerifier<IntFieldAnalyzer, UseLongFixer>.VerifyFixAsync(
            OneIntField,
            OneIntField.Replace("int [|count|]", "long count", StringComparison.Ordinal));

    [Fact]
    public Task Fix_normalises_line_endings()
        => CodeFixVerifier<IntFieldAnalyzer, UseLongFixer>.VerifyFixAsync(
            "class C\r\n{\r\n    int [|a|];\r\n}\r\n",
            "class C\n{\n    long a;\n}\n");

    [Fact]
    public Task Fix_iterates_over_several_diagnostics()
        => CodeFixVerifier<IntFieldAnalyzer, UseLongFixer>.VerifyFixAsync(
            "class C { int [|a|]; int [|b|]; int [|c|]; }",
            "class C { long a; long b; long c; }");

    [Theory]
    [InlineData("UseLong", null, "long")]
    [InlineData("UseShort", null, "short")]
    [InlineData(null, 0, "long")]
    [InlineData(null, 1, "short")]
    public Task Fix_selects_action_by_key_or_index(string? key, int? index, string expectedType)
        => new CodeFixTest<IntFieldAnalyzer, TwoActionsFixer>
        {
            Sources = { "class C { int [|a|]; }" },
            FixedSources = { $"class C {{ {expectedType} a; }}" },
            CodeActionEquivalenceKey = key,
            CodeActionIndex = index,
        }.RunAsync();

    [Fact]
    public Task Fix_passes_when_fixed_markup_lists_the_diagnostics_that_remain()
        => CodeFixVerifier<IntFieldAnalyzer, UseLongFixer>.VerifyFixAsync(
            "class C { int [|a|]; int [|keep|]; }",
            "class C { long a; int [|keep|]; }",
            equivalenceKey: "UseLong");

    [Fact]
    public Task FixAll_passes_when_fixed_markup_lists_the_diagnostics_that_remain()
        => new CodeFixTest<IntFieldAnalyzer, UseLongFixer>
        {
            Sources = { "class C { int [|a|]; int [|keep|]; int [|b|]; }" },
            FixedSources = { "class C { long a; int [|keep|]; long b; }" },
            FixAllScope = FixAllScope.Document,
        }.RunAsync();

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public Task FixAll_fixes_every_diagnostic_across_two_documents(FixAllScope scope)
        => new CodeFixTest<IntFieldAnalyzer, UseLongFixer>
        {
            Sources =
            {
                "partial class C { int [|a|]; int [|b|]; }",
                "partial class C { int [|c|]; string s = \"\"; }",
            },
            FixedSources =
            {
                "partial class C { long a; long b; }",
                "partial class C { long c; string s = \"\"; }",
            },
            CodeActionEquivalenceKey = "UseLong",
            FixAllScope = scope,
        }.RunAsync();

    [Fact]
    public Task FixAll_with_editorconfig()
        => new CodeFixTest<IntFieldAnalyzer, UseLongFixer>
        {
            Sources = { "class C { int [|a|]; int [|b|]; }" },
            FixedSources = { "class C { long a; long b; }" },
            EditorConfig = "test_harness.note = x",
            FixAllScope = FixAllScope.Solution,
        }.RunAsync();

    // ---------------------------------------------------------------- code fixes: failing cases

    [Fact]
    public Task Fix_with_wrong_expected_text_fails_with_a_line_diff()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, UseLongFixer>.VerifyFixAsync(
                "class C\n{\n    int [|a|];\n}\n",
                "class C\n{\n    short a;\n}\n"),
            "does not match the expected fixed source",
            "  - " + "    short a;",
            "  + " + "    long a;");

    [Fact]
    public Task Fix_producing_non_compiling_code_fails()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, NonCompilingFixer>.VerifyFixAsync(
                "class C { int [|a|]; }",
                "class C { NoSuchType a; }"),
            "introduced compiler errors",
            "CS0246");

    [Fact]
    public Task Fix_that_changes_nothing_fails()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, DoNothingFixer>.VerifyFixAsync(
                "class C { int [|a|]; }",
                "class C { int a; }"),
            "changed nothing",
            "same diagnostics");

    [Fact]
    public Task Fix_that_keeps_the_same_diagnostics_fails()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, AppendCommentFixer>.VerifyFixAsync(
                "class C { int [|a|]; }",
                "class C { int a; /* still int */ }"),
            "same diagnostics remain before and after");

    [Fact]
    public Task Fix_that_never_converges_fails_as_an_infinite_loop()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, PrependCommentFixer>.VerifyFixAsync(
                "class C { int [|a|]; }",
                "class C { /*x*/int a; }"),
            "did not converge",
            "infinite loop");

    [Fact]
    public Task Several_actions_where_one_was_expected_fails()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, TwoActionsFixer>.VerifyFixAsync(
                "class C { int [|a|]; }",
                "class C { long a; }"),
            "Several code actions (2)",
            "UseLong",
            "UseShort");

    [Fact]
    public Task Unknown_equivalence_key_fails()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, TwoActionsFixer>.VerifyFixAsync(
                "class C { int [|a|]; }",
                "class C { long a; }",
                equivalenceKey: "NoSuchKey"),
            "no applicable code action",
            "NoSuchKey");

    [Fact]
    public Task Remaining_diagnostic_not_in_fixed_markup_fails()
        => AssertFailsAsync(
            () => CodeFixVerifier<IntFieldAnalyzer, UseLongFixer>.VerifyFixAsync(
                "class C { int [|a|]; int [|keep|]; }",
                "class C { long a; int keep; }"),
            "on the fixed source",
            "Unexpected diagnostics (1)",
            "Field 'keep' is an int");

    [Fact]
    public Task FixAll_producing_non_compiling_code_fails()
        => AssertFailsAsync(
            () => new CodeFixTest<IntFieldAnalyzer, NonCompilingFixer>
            {
                Sources = { "class C { int [|a|]; }", "class D { int [|b|]; }" },
                FixedSources = { "class C { NoSuchType a; }", "class D { NoSuchType b; }" },
                FixAllScope = FixAllScope.Solution,
            }.RunAsync(),
            "introduced compiler errors");

    [Fact]
    public Task FixAll_that_changes_nothing_fails()
        => AssertFailsAsync(
            () => new CodeFixTest<IntFieldAnalyzer, DoNothingFixer>
            {
                Sources = { "class C { int [|a|]; }" },
                FixedSources = { "class C { int a; }" },
                FixAllScope = FixAllScope.Project,
            }.RunAsync(),
            "changed nothing");
}
