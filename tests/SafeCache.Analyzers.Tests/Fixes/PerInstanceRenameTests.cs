using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using SafeCache.CodeFixes;
using SafeCache.CodeFixes.FixAll;

namespace SafeCache.Analyzers.Tests.Fixes;

/// <summary>The per-instance fix drops a static prefix from the field's name, at every reference, unless the name is taken or the naming rules say otherwise.</summary>
public class PerInstanceRenameTests
{
    private static readonly string Key = PreferredFixAllProvider.PreferredKey("SC0005");

    private static Task VerifyAsync(string source, string fixedSource, string? editorConfig = null)
        => new CodeFixTest<SharedCacheIgnoresInstanceStateAnalyzer, SharedCacheIgnoresInstanceStateCodeFixProvider>
        {
            Sources = { source },
            FixedSources = { fixedSource },
            CodeActionEquivalenceKey = Key,
            EditorConfig = editorConfig,
        }.RunAsync();

    [Fact]
    public Task ThreadStaticStylePrefix_BecomesUnderscore_AtEveryReference()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;
            class Formatter
            {
                private static readonly ConcurrentDictionary<int, string> t_formatted = new();
                private readonly string _prefix;
                public Formatter(string prefix) => _prefix = prefix;
                public string Format(int n) => [|t_formatted.GetOrAdd(n, x => _prefix + x)|];
                public int Count() => t_formatted.Count + Formatter.t_formatted.Count;
            }
            """,
            """
            using System.Collections.Concurrent;
            class Formatter
            {
                private readonly ConcurrentDictionary<int, string> _formatted = new();
                private readonly string _prefix;
                public Formatter(string prefix) => _prefix = prefix;
                public string Format(int n) => _formatted.GetOrAdd(n, x => _prefix + x);
                public int Count() => _formatted.Count + _formatted.Count;
            }
            """);

    [Fact]
    public Task NameTaken_KeepsTheName()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;
            class Formatter
            {
                private static readonly ConcurrentDictionary<int, string> s_formatted = new();
                private readonly string _prefix;
                private int _formatted;
                public Formatter(string prefix) => _prefix = prefix;
                public string Format(int n) { _formatted++; return [|s_formatted.GetOrAdd(n, x => _prefix + x)|]; }
            }
            """,
            """
            using System.Collections.Concurrent;
            class Formatter
            {
                private readonly ConcurrentDictionary<int, string> s_formatted = new();
                private readonly string _prefix;
                private int _formatted;
                public Formatter(string prefix) => _prefix = prefix;
                public string Format(int n) { _formatted++; return s_formatted.GetOrAdd(n, x => _prefix + x); }
            }
            """);

    [Fact]
    public Task EditorConfigNamingRule_ForPrivateFields_Decides()
        => VerifyAsync(
            """
            using System.Collections.Concurrent;
            class Formatter
            {
                private static readonly ConcurrentDictionary<int, string> s_formatted = new();
                private readonly string m_prefix;
                public Formatter(string prefix) => m_prefix = prefix;
                public string Format(int n) => [|s_formatted.GetOrAdd(n, x => m_prefix + x)|];
            }
            """,
            """
            using System.Collections.Concurrent;
            class Formatter
            {
                private readonly ConcurrentDictionary<int, string> m_Formatted = new();
                private readonly string m_prefix;
                public Formatter(string prefix) => m_prefix = prefix;
                public string Format(int n) => m_Formatted.GetOrAdd(n, x => m_prefix + x);
            }
            """,
            """
            dotnet_naming_rule.private_fields.symbols = private_fields
            dotnet_naming_rule.private_fields.style = m_pascal
            dotnet_naming_rule.private_fields.severity = suggestion
            dotnet_naming_symbols.private_fields.applicable_kinds = field
            dotnet_naming_symbols.private_fields.applicable_accessibilities = private
            dotnet_naming_style.m_pascal.required_prefix = m_
            dotnet_naming_style.m_pascal.capitalization = pascal_case
            """);
}
