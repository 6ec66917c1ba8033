using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Xunit;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0003 on the shapes found in open-source code (issue 10): bounded key sets, registries, aliases, copies.</summary>
public class UnboundedSharedCacheRealCodeTests
{

    /// <summary>
    /// Verifies <paramref name="source"/> as marked with <c>safecache.report_reflection_lookups = true</c>, and by default
    /// with the marks on <paramref name="reflectionLookups"/> (caches of reflection objects by name) removed.
    /// </summary>
    private static async Task VerifyReflectionLookups(string source, params string[] reflectionLookups)
    {
        await new AnalyzerTest<UnboundedSharedCacheAnalyzer> { Sources = { source }, GlobalConfig = "safecache.report_reflection_lookups = true" }.RunAsync();

        var byDefault = source;
        foreach (var field in reflectionLookups)
        {
            byDefault = byDefault.Replace("[|" + field + "|]", field, System.StringComparison.Ordinal);
        }

        Assert.NotEqual(source, byDefault);
        await Verify.VerifyAsync(byDefault);
    }

    // ---- 1. Keys bounded by the program: must not flag ----

    [Fact]
    public Task ReflectionDerivedKeys_AttributeProvidersAndWrappers_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            sealed class ContextualPropertyInfo
            {
                private readonly PropertyInfo _property;
                private readonly Type _context;
                public ContextualPropertyInfo(PropertyInfo property, Type context) { _property = property; _context = context; }
            }
            static class Attributes
            {
                private static readonly ConcurrentDictionary<ICustomAttributeProvider, object[]> s_byProvider = new();
                private static readonly ConcurrentDictionary<ContextualPropertyInfo, string> s_byWrapper = new();
                private static readonly ConcurrentDictionary<Assembly, string[]> s_resources = new();
                public static object[] Of(ICustomAttributeProvider provider) => s_byProvider.GetOrAdd(provider, p => p.GetCustomAttributes(true));
                public static string Describe(ContextualPropertyInfo info) => s_byWrapper.GetOrAdd(info, i => i.ToString()!);
                public static string[] Resources(Assembly assembly) => s_resources.GetOrAdd(assembly, a => a.GetManifestResourceNames());
            }
            """);

    [Fact]
    public Task TypeAndMemberNameKey_WhenEveryCallerPassesNameofConstantsOrReflectedNames_IsBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            static class Accessors
            {
                private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> s_properties = new();
                private const string IdName = "Id";
                private static PropertyInfo? Find(Type type, string memberName)
                    => s_properties.GetOrAdd((type, memberName), k => k.Item1.GetProperty(k.Item2));
                public static PropertyInfo? Name(Type type) => Find(type, nameof(Uri.Host));
                public static PropertyInfo? Id(Type type) => Find(type, IdName);
                public static PropertyInfo? Same(PropertyInfo property) => Find(property.DeclaringType!, property.Name);
                public static PropertyInfo? Forwarded(Type type) => Via(type, "Length");
                private static PropertyInfo? Via(Type type, string name) => Find(type, name);
            }
            """);

    [Fact]
    public Task KeysAllCallersPassAsConstants_AreBounded()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            static class Counters
            {
                private static readonly ConcurrentDictionary<string, string> s_formats = new();
                private static readonly Dictionary<int, string> s_padding = new();
                public static string Format(string name) => s_formats.GetOrAdd(name, n => "{" + n + "}");
                public static string Pad(int width)
                {
                    if (!s_padding.TryGetValue(width, out var pad)) { pad = new string(' ', width); s_padding[width] = pad; }
                    return pad;
                }
                public static string A() => Format("requests") + Format("errors") + Pad(4) + Pad(8);
            }
            """);

    [Fact]
    public Task AssemblyTypeResourceAndCultureNames_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Globalization;
            using System.Reflection;
            static class Names
            {
                private static readonly ConcurrentDictionary<string, string> s_assemblies = new();
                private static readonly ConcurrentDictionary<string, byte[]> s_resources = new();
                private static readonly ConcurrentDictionary<string, NumberFormatInfo> s_cultures = new();
                private static readonly ConcurrentDictionary<CultureInfo, string> s_byCulture = new();
                public static string Version(Assembly assembly) => s_assemblies.GetOrAdd(assembly.GetName().Name!, n => n.ToUpperInvariant());
                public static void Load(Assembly assembly)
                {
                    foreach (var resource in assembly.GetManifestResourceNames())
                    {
                        s_resources.GetOrAdd(resource, r => new byte[r.Length]);
                    }
                }
                public static NumberFormatInfo Numbers(CultureInfo culture) => s_cultures.GetOrAdd(culture.Name, n => CultureInfo.GetCultureInfo(n).NumberFormat);
                public static string Month(CultureInfo culture) => s_byCulture.GetOrAdd(culture, c => c.DateTimeFormat.GetMonthName(1));
            }
            """);

    [Fact]
    public Task EnumConstrainedGenericKeys_AndTuplesOfBoundedParts_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            static class EnumNames<TEnum> where TEnum : struct, Enum
            {
                private static readonly ConcurrentDictionary<TEnum, string> s_names = new();
                public static string Name(TEnum value) => s_names.GetOrAdd(value, v => v.ToString().ToLowerInvariant());
            }
            static class Members
            {
                private static readonly ConcurrentDictionary<(Type, BindingFlags, bool), MemberInfo[]> s_members = new();
                private static readonly ConcurrentDictionary<(Type, string), string> s_typeNames = new();
                public static MemberInfo[] Of(Type type, BindingFlags flags, bool inherit)
                    => s_members.GetOrAdd((type, flags, inherit), k => k.Item1.GetMembers(k.Item2));
                public static string Name(Type type) => s_typeNames.GetOrAdd((type, type.Name), k => k.Item2);
                public static TEnum Parse<TEnum>(TEnum value) where TEnum : struct, Enum => value;
            }
            """);

    [Fact]
    public Task ConfigurationBoundedNames_AreNotReportedByDefault()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using Microsoft.Extensions.Options;
            sealed class QueueSettings { public string QueueName { get; set; } = "q"; public string LoggerName { get; set; } = "l"; }
            sealed class Queues
            {
                private static readonly ConcurrentDictionary<string, string> s_addresses = new();
                private static readonly ConcurrentDictionary<string, int> s_loggers = new();
                private readonly IOptions<QueueSettings> _options;
                public Queues(IOptions<QueueSettings> options) => _options = options;
                public string Address() => s_addresses.GetOrAdd(_options.Value.QueueName, n => "amqp://" + n);
                public int Logger() => s_loggers.GetOrAdd(_options.Value.LoggerName.Trim(), n => n.Length);
            }
            """);

    // ---- 1. Look-alikes that are not bounded: must flag ----

    [Fact]
    public Task MemberNameKey_WhenOneCallerPassesRuntimeData_IsUnbounded_ReportedWithReflectionLookupsOn()
        => VerifyReflectionLookups("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            static class Accessors
            {
                private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> [|s_properties = new()|];
                private static PropertyInfo? Find(Type type, string memberName)
                    => s_properties.GetOrAdd((type, memberName), k => k.Item1.GetProperty(k.Item2));
                public static PropertyInfo? Name(Type type) => Find(type, nameof(Uri.Host));
                public static PropertyInfo? FromRequest(Type type, string query) => Find(type, query);
            }
            """, "s_properties = new()");

    [Fact]
    public Task PublicKeyParameter_WithNoCallerInTheCompilation_IsUnbounded()
        => VerifyReflectionLookups("""
            using System.Collections.Concurrent;
            using System.Globalization;
            public static class Formats
            {
                private static readonly ConcurrentDictionary<string, string> [|s_formats = new()|];
                private static readonly ConcurrentDictionary<string, CultureInfo> [|s_cultures = new()|];
                public static string Format(string name) => s_formats.GetOrAdd(name, n => "{" + n + "}");
                public static CultureInfo Culture(string header) => s_cultures.GetOrAdd(header, h => CultureInfo.GetCultureInfo(h));
            }
            """, "s_cultures = new()");

    [Fact]
    public Task TupleWithOneUnboundedPart_AndStructWithoutReflection_AreUnbounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            readonly struct Point { public readonly int X; public readonly int Y; public Point(int x, int y) { X = x; Y = y; } }
            static class Cells
            {
                private static readonly ConcurrentDictionary<(Type, string), int> [|s_byName = new()|];
                private static readonly ConcurrentDictionary<Point, string> [|s_points = new()|];
                public static int Size(Type type, string userInput) => s_byName.GetOrAdd((type, userInput), k => k.Item2.Length);
                public static string Label(Point point) => s_points.GetOrAdd(point, p => p.X + "," + p.Y);
            }
            """);

    [Fact]
    public Task ConfigurationBoundedNames_AreReportedWhenTheProjectAsks()
        => new Verification.AnalyzerTest<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                using Microsoft.Extensions.Options;
                sealed class QueueSettings { public string QueueName { get; set; } = "q"; }
                sealed class Queues
                {
                    private static readonly ConcurrentDictionary<string, string> [|s_addresses = new()|];
                    private readonly IOptions<QueueSettings> _options;
                    public Queues(IOptions<QueueSettings> options) => _options = options;
                    public string Address() => s_addresses.GetOrAdd(_options.Value.QueueName, n => "amqp://" + n);
                }
                """,
            },
            EditorConfig = "safecache.report_configuration_bounded_keys = true",
        }.RunAsync();

    // ---- 2. Registries and lookup tables: must not flag ----

    [Fact]
    public Task Registry_ValueSuppliedByTheCaller_IsNotAMemo()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            public static class Handlers
            {
                private static readonly Dictionary<string, Action<string>> s_handlers = new();
                private static readonly ConcurrentDictionary<string, Func<object>> s_factories = new();
                private static readonly Dictionary<string, Type> s_messageTypes = new();
                public static void Register(string name, Action<string> handler)
                {
                    if (!s_handlers.ContainsKey(name)) s_handlers.Add(name, handler);
                }
                public static Func<object> Factory(string name, Func<object> factory) => s_factories.GetOrAdd(name, factory);
                public static Func<object> Lazy(string name, Func<object> factory) => s_factories.GetOrAdd(name, _ => factory);
                public static void RegisterMessageType(string name, Type type)
                {
                    if (!s_messageTypes.TryGetValue(name, out _)) s_messageTypes[name] = type;
                }
            }
            """);

    [Fact]
    public Task Registry_ListPerNameStoredThroughAnAssignmentAndFilledWithWhatTheKeyIsMadeOf_IsNotAMemo()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Reflection;
            public static class Exports
            {
                private static readonly Dictionary<string, List<MethodInfo>> s_methods = new();
                public static void Register(MethodInfo method, string? prefix = null)
                {
                    var name = string.IsNullOrEmpty(prefix) ? method.Name : prefix + "." + method.Name;
                    if (!s_methods.TryGetValue(name, out var methods))
                    {
                        s_methods[name] = methods = new List<MethodInfo>();
                    }

                    if (!methods.Contains(method))
                    {
                        methods.Add(method);
                    }
                }
            }
            """);

    [Fact]
    public Task ValueBuiltByLoopingOverTheKey_IsAMemo_ButOverTheCallersItems_IsNot()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            using System.Text;
            public static class Slugs
            {
                private static readonly ConcurrentDictionary<string, string> {|#0:s_slugs = new()|};
                private static readonly ConcurrentDictionary<string, string> s_banners = new();
                public static string Slugify(string title) => s_slugs.GetOrAdd(title, t =>
                {
                    var slug = new StringBuilder(t.Length);
                    foreach (var c in t.ToLowerInvariant())
                    {
                        slug.Append(char.IsLetterOrDigit(c) ? c : '-');
                    }
                    return slug.ToString();
                });
                public static string Banner(string name, string[] lines) => s_banners.GetOrAdd(name, _ =>
                {
                    var banner = new StringBuilder();
                    foreach (var line in lines)
                    {
                        banner.AppendLine(line);
                    }
                    return banner.ToString();
                });
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task Registry_FreshStatefulObjectHeldInALocal_IsNotAMemo()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            using System.Threading;
            sealed class Sequence
            {
                private long _value;
                public Sequence(string name, long start) { Name = name; _value = start; }
                public string Name { get; }
                public long Next(int step) => Interlocked.Add(ref _value, step);
            }
            sealed class Watcher
            {
                public Watcher(object owner) { Owner = owner; }
                public object Owner { get; }
                public bool IsDisposed { get; set; }
            }
            static class Registries
            {
                private static readonly ConcurrentDictionary<string, Sequence> s_sequences = new();
                private static readonly Dictionary<string, Sequence> s_locked = new();
                private static readonly Dictionary<object, Watcher> s_watchers = new();
                public static long Next(string name, long start)
                {
                    if (!s_sequences.TryGetValue(name, out var sequence))
                    {
                        sequence = new Sequence(name, start);
                        if (!s_sequences.TryAdd(name, sequence)) s_sequences.TryGetValue(name, out sequence);
                    }
                    return sequence!.Next(1);
                }
                public static long NextLocked(string name)
                {
                    lock (s_locked)
                    {
                        if (!s_locked.TryGetValue(name, out var sequence))
                        {
                            sequence = new Sequence(name, 0);
                            s_locked[name] = sequence;
                        }
                        return sequence.Next(1);
                    }
                }
                public static void Watch(object owner)
                {
                    Watcher? watcher = null;
                    if (!s_watchers.TryGetValue(owner, out watcher))
                    {
                        watcher = new Watcher(owner);
                        s_watchers[owner] = watcher;
                    }
                }
            }
            """);

    [Fact]
    public Task ComputedValueHeldInALocal_IsStillAMemo()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            sealed class Parsed
            {
                public Parsed(string text) { Text = text; }
                public string Text { get; }
            }
            public static class Parser
            {
                private static readonly ConcurrentDictionary<string, Parsed> [|s_parsed = new()|];
                private static readonly Dictionary<string, string> [|s_upper = new()|];
                public static object Parse(string text)
                {
                    if (!s_parsed.TryGetValue(text, out var parsed))
                    {
                        parsed = new Parsed(text.Trim());
                        s_parsed.TryAdd(text, parsed);
                    }
                    return parsed;
                }
                public static string Upper(string text)
                {
                    if (!s_upper.TryGetValue(text, out var upper))
                    {
                        upper = text.ToUpperInvariant();
                        s_upper[text] = upper;
                    }
                    return upper;
                }
            }
            """);

    [Fact]
    public Task NameKeyedCacheOfComputedValues_IsStillUnbounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            using System.Text.RegularExpressions;
            public static class Filters
            {
                private static readonly ConcurrentDictionary<string, Regex> [|s_regexes = new()|];
                private static readonly ConcurrentDictionary<(Type, string), string> [|s_labels = new()|];
                private static readonly ConcurrentDictionary<(string, object), PropertyInfo?> [|s_byObject = new()|];
                public static Regex Pattern(string text) => s_regexes.GetOrAdd(text, t => new Regex(t));
                public static string Label(Type type, string text) => s_labels.GetOrAdd((type, text), k => k.Item1.Name + ": " + k.Item2);
                public static PropertyInfo? Property(string name, object owner)
                    => s_byObject.GetOrAdd((name, owner), k => k.Item2.GetType().GetProperty(k.Item1));
            }
            """);

    [Fact]
    public Task KeyStructsAndRecordsBuiltFromBoundedParts_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Linq;
            using System.Reflection;
            [AttributeUsage(AttributeTargets.Class)]
            sealed class AliasAttribute : Attribute
            {
                public AliasAttribute(string name) { Name = name; }
                public string Name { get; }
            }
            static class Operators
            {
                private readonly record struct OperatorKey(string Name, Type Left, Type Right);
                private readonly struct TypeListKey : IEquatable<TypeListKey>
                {
                    public TypeListKey(Type[] types) { Types = types; }
                    public Type[] Types { get; }
                    public bool Equals(TypeListKey other) => Types.SequenceEqual(other.Types);
                    public override bool Equals(object? obj) => obj is TypeListKey other && Equals(other);
                    public override int GetHashCode() => Types.Length;
                }
                private static readonly ConcurrentDictionary<OperatorKey, MethodInfo?> s_operators = new();
                private static readonly ConcurrentDictionary<TypeListKey, string> s_lists = new();
                private static readonly ConcurrentDictionary<string, Type> s_byAlias = new();
                public static MethodInfo? Add(object left, object right)
                {
                    var key = new OperatorKey("op_Addition", left.GetType(), right.GetType());
                    return s_operators.GetOrAdd(key, k => k.Left.GetMethod(k.Name));
                }
                public static string Describe(Type[] types) => s_lists.GetOrAdd(new TypeListKey(types), k => string.Join(",", k.Types.Select(t => t.Name)));
                public static Type Alias(Type type)
                {
                    var alias = type.GetCustomAttribute<AliasAttribute>();
                    var name = alias is null ? type.Name : alias.Name.Replace("[name]", type.Name);
                    return s_byAlias.GetOrAdd(name, _ => type);
                }
            }
            """);

    [Fact]
    public Task CallersPassingLocalsOrComputedPropertiesOfConstants_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            enum Kind { Add, Subtract, Multiply, Negate }
            enum Access { Public, Private }
            static class Operators
            {
                private static readonly ConcurrentDictionary<(string, Type), string> s_operators = new();
                private static readonly Dictionary<(string Icon, Access Access, bool Static), string> s_icons = new();
                internal static string Find(string name, Type type) => s_operators.GetOrAdd((name, type), k => k.Item1 + k.Item2.Name);
                internal static string Icon(string icon, Access access, bool isStatic)
                {
                    var key = (icon, access, isStatic);
                    if (s_icons.TryGetValue(key, out var found)) return found;
                    found = icon + access;
                    s_icons[key] = found;
                    return found;
                }
            }
            static class Icons
            {
                internal static readonly string Class = "class.svg";
                internal static readonly string Struct = "struct.svg";
            }
            sealed class BinaryNode
            {
                private readonly Kind _kind;
                public BinaryNode(Kind kind) => _kind = kind;
                private string? OperatorName => _kind switch
                {
                    Kind.Add => "op_Addition",
                    Kind.Subtract => "op_Subtraction",
                    _ => null,
                };
                private string ClrName { get { return _kind == Kind.Multiply ? "op_Multiply" : "op_Division"; } }
                public string Run(object left) => Operators.Find(OperatorName ?? "op_Equality", left.GetType()) + Operators.Find(ClrName, left.GetType());
                public string Assign(object left)
                {
                    string? name = null;
                    switch (_kind)
                    {
                        case Kind.Add: name = "op_Addition"; break;
                        case Kind.Negate: name = "op_UnaryNegation"; break;
                    }
                    return name is null ? "" : Operators.Find(name, left.GetType());
                }
                public string Icon(bool isStruct, Access access)
                {
                    var icon = isStruct ? Icons.Struct : Icons.Class;
                    return Operators.Icon(icon, access, isStatic: false);
                }
            }
            """);

    [Fact]
    public Task CallersPassingLocalsOrPropertiesOfCallerData_AreUnbounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            static class Operators
            {
                private static readonly ConcurrentDictionary<(string, Type), string> [|s_operators = new()|];
                private static readonly ConcurrentDictionary<string, string> [|s_icons = new()|];
                private static readonly ConcurrentDictionary<string, string> [|s_labels = new()|];
                internal static string Find(string name, Type type) => s_operators.GetOrAdd((name, type), k => k.Item1 + k.Item2.Name);
                internal static string Icon(string icon) => s_icons.GetOrAdd(icon, i => i + ".svg");
                internal static string Label(string label) => s_labels.GetOrAdd(label, l => l.ToUpperInvariant());
            }
            public sealed class Node
            {
                private readonly int _kind;
                public Node(int kind) => _kind = kind;
                public string Title { get; set; } = "";
                public static Node Named(string title) => new Node(0) { Title = title };
                // One arm is caller data: the property is not a closed set.
                private string OperatorName(string custom) => _kind switch { 0 => "op_Addition", _ => custom };
                private string Caption => Title;
                public string Run(object left, string custom)
                {
                    var name = OperatorName(custom);
                    return Operators.Find(name, left.GetType());
                }
                public string Show(string requested)
                {
                    var icon = requested.Length > 0 ? requested : "default";
                    return Operators.Icon(icon) + Operators.Label(Caption);
                }
            }
            """);

    [Fact]
    public Task CallersPassingLoopCountersOrOutValues_AreUnbounded()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            static class Parser
            {
                private static readonly ConcurrentDictionary<string, int> [|s_parsed = new()|];
                private static readonly ConcurrentDictionary<string, int> [|s_lengths = new()|];
                private static readonly Dictionary<int, string> [|s_labels = new()|];
                internal static int Classify(string agent) => s_parsed.GetOrAdd(agent, a => a.Length);
                internal static int Length(string text) => s_lengths.GetOrAdd(text, t => t.Length);
                internal static string Label(int n) => s_labels.TryGetValue(n, out var l) ? l : s_labels[n] = "#" + n;
            }
            static class Program
            {
                private static readonly Dictionary<string, string> s_aliases = new() { ["a"] = "b" };
                public static void Run(string input)
                {
                    for (var i = 0; i < 10_000; i++)
                    {
                        Parser.Classify("Mozilla/5.0 (build " + i + ")");
                    }

                    var suffix = "x";
                    suffix += input;
                    Parser.Length(suffix);
                    if (!s_aliases.TryGetValue(input, out var alias)) alias = "none";
                    Parser.Length(alias);
                    var n = 0;
                    while (n < 100) Parser.Label(n++);
                }
            }
            """);

    [Fact]
    public Task KeyStructsBuiltFromCallerText_AreUnbounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public static class Templates
            {
                private readonly record struct TemplateKey(string Text, Type Model);
                private readonly struct Span
                {
                    public Span(string text, int start) { Text = text; Start = start; }
                    public string Text { get; }
                    public int Start { get; }
                }
                private static readonly ConcurrentDictionary<TemplateKey, string> [|s_compiled = new()|];
                private static readonly ConcurrentDictionary<Span, string> [|s_spans = new()|];
                public static string Compile(string text, Type model) => s_compiled.GetOrAdd(new TemplateKey(text, model), k => k.Text + k.Model.Name);
                public static string Cut(string text, int start) => s_spans.GetOrAdd(new Span(text, start), k => k.Text.Substring(k.Start));
            }
            """);

    [Fact]
    public Task LookupTable_FilledByHelpersCalledOnlyFromTheStaticConstructorOrInitializer_IsNotAMemo()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class MimeTypes
            {
                private static readonly Dictionary<string, string> s_byExtension = new();
                private static readonly Dictionary<string, int> s_codes = new();
                private static readonly bool s_filled = FillCodes();
                static MimeTypes()
                {
                    foreach (var line in Load()) Add(line);
                }
                private static IEnumerable<string> Load() => new[] { "txt=text/plain" };
                private static void Add(string line)
                {
                    var extension = line.Split('=')[0];
                    if (!s_byExtension.ContainsKey(extension)) s_byExtension[extension] = line.Substring(extension.Length + 1);
                }
                private static bool FillCodes() { AddCode("ok"); return true; }
                private static void AddCode(string name)
                {
                    if (!s_codes.TryGetValue(name, out _)) s_codes.Add(name, name.Length);
                }
                public static string? Find(string extension) => s_byExtension.TryGetValue(extension, out var type) ? type : null;
            }
            """);

    [Fact]
    public Task SharedMutableObjectPerName_AndAccumulators_AreNotMemos()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            public sealed class Counter { private long _value; public Counter(string name) { Name = name; } public string Name { get; } public void Increment() => _value++; }
            public sealed class Sequence { public Sequence(string name) { Name = name; } public string Name { get; } public long Next { get; set; } }
            public static class Metrics
            {
                private static readonly ConcurrentDictionary<string, Counter> s_counters = new();
                private static readonly ConcurrentDictionary<string, Sequence> s_sequences = new();
                private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> s_queues = new();
                private static readonly ConcurrentDictionary<string, long> s_totals = new();
                private static readonly Dictionary<string, int> s_hits = new();
                public static void Hit(string name) => s_counters.GetOrAdd(name, n => new Counter(n)).Increment();
                public static long Next(string name) => s_sequences.GetOrAdd(name, n => new Sequence(n)).Next++;
                public static void Enqueue(string name, string item) => s_queues.GetOrAdd(name, _ => new ConcurrentQueue<string>()).Enqueue(item);
                public static void Add(string name, long amount) => s_totals.AddOrUpdate(name, amount, (_, old) => old + amount);
                public static void Count(string url)
                {
                    if (!s_hits.TryGetValue(url, out var n)) n = 0;
                    s_hits[url] = n + 1;
                }
                public static void CountAgain(string url) => s_hits[url] += 1;
            }
            """);

    [Fact]
    public Task Accumulators_WithAConstantOrComputedFirstValue_AreNotMemos()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            public static class Hits
            {
                private static readonly ConcurrentDictionary<string, int> s_hits = new();
                private static readonly ConcurrentDictionary<string, long> s_bytes = new();
                private static readonly ConcurrentDictionary<string, string> s_trail = new();
                public static void Hit(string name) => s_hits.AddOrUpdate(name, 1, (_, n) => n + 1);
                public static void Bytes(string path) => s_bytes.AddOrUpdate(path, p => p.Length, (p, total) => total + p.Length);
                public static void Visit(string page, string user)
                    => s_trail.AddOrUpdate(page, static (p, u) => u, static (p, trail, u) => trail + "," + u, user);
            }
            """);

    [Fact]
    public Task GetOrAdd_WithAFactoryArgumentOfTheValueType_IsStillAMemo()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            public static class Prices
            {
                private static readonly ConcurrentDictionary<string, decimal> [|s_prices = new()|];
                private static readonly ConcurrentDictionary<string, int> [|s_lengths = new()|];
                public static decimal Price(string sku, decimal rate) => s_prices.GetOrAdd(sku, static (s, r) => s.Length * r, rate);
                public static int Length(string text) => s_lengths.AddOrUpdate(text, t => t.Length, (t, _) => t.Length);
            }
            """);

    [Fact]
    public Task KeysThatDoNotCompile_AreNotJudged_ButCompilingNeighboursAre()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            public static class Opcodes
            {
                private static readonly Dictionary<int, string> s_long = new();
                private static readonly Dictionary<int, string> [|s_short = new()|];
                public static string ToLong({|CS0246:Instruction|} op)
                {
                    if (s_long.TryGetValue((int)op.Code, out var found)) return found;
                    return s_long[(int)op.Code] = op.ToString() + "L";
                }
                public static string ToShort(int code)
                {
                    if (s_short.TryGetValue(code, out var found)) return found;
                    return s_short[code] = code + "S";
                }
            }
            """);

    [Fact]
    public Task NamesResolvedByLookupsThatThrowForUnknownNames_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            using System.Text;
            public static class Resolver
            {
                private static readonly ConcurrentDictionary<string, Type> s_types = new();
                private static readonly ConcurrentDictionary<string, Type> s_lenient = new();
                private static readonly ConcurrentDictionary<string, Assembly> s_assemblies = new();
                private static readonly ConcurrentDictionary<string, Encoding> s_encodings = new();
                private static readonly ConcurrentDictionary<string, TimeZoneInfo> s_zones = new();
                public static Type Type(string typeName) => s_types.GetOrAdd(typeName, static name => System.Type.GetType(name, throwOnError: true)!);
                public static Type Lenient(string typeName)
                    => s_lenient.GetOrAdd(typeName, static name => System.Type.GetType(name, AssemblyResolve, null, true, false)!);
                public static Assembly Load(string assemblyName) => s_assemblies.GetOrAdd(assemblyName, n => Assembly.Load(n));
                public static Encoding Encoding(string name)
                {
                    if (s_encodings.TryGetValue(name, out var found)) return found;
                    found = System.Text.Encoding.GetEncoding(name);
                    s_encodings[name] = found;
                    return found;
                }
                public static TimeZoneInfo Zone(string id) => s_zones.GetOrAdd(id, TimeZoneInfo.FindSystemTimeZoneById(id));
                private static Assembly? AssemblyResolve(AssemblyName name) => null;
            }
            """);

    [Fact]
    public Task NamesResolvedByLookupsThatReturnNullOrAcceptAnyName_AreUnbounded()
        => VerifyReflectionLookups("""
            using System;
            using System.Collections.Concurrent;
            using System.Globalization;
            public static class Resolver
            {
                private static readonly ConcurrentDictionary<string, Type?> [|s_types = new()|];
                private static readonly ConcurrentDictionary<string, Type?> [|s_quiet = new()|];
                private static readonly ConcurrentDictionary<string, CultureInfo> [|s_cultures = new()|];
                private static readonly ConcurrentDictionary<string, string> [|s_described = new()|];
                public static Type? Find(string typeName) => s_types.GetOrAdd(typeName, static name => Type.GetType(name));
                public static Type? Quiet(string typeName) => s_quiet.GetOrAdd(typeName, static name => Type.GetType(name, throwOnError: false));
                public static CultureInfo Culture(string name) => s_cultures.GetOrAdd(name, n => CultureInfo.GetCultureInfo(n));
                public static string Describe(string typeName) => s_described.GetOrAdd(typeName, n => Type.GetType(n, true)!.FullName!);
            }
            """, "s_types = new()", "s_quiet = new()", "s_cultures = new()");

    // ---- 2. Memo caches that look like registries: must flag ----

    [Fact]
    public Task MemoBehindContainsKey_AndImmutableValuePerName_AreMemos()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Text.RegularExpressions;
            public sealed class Slug { public Slug(string text) { Text = text.ToLowerInvariant(); } public string Text { get; } }
            public static class Memos
            {
                private static readonly Dictionary<string, string> [|s_upper = new()|];
                private static readonly ConcurrentDictionary<string, Regex> [|s_regexes = new()|];
                private static readonly ConcurrentDictionary<string, Slug> [|s_slugs = new()|];
                private static readonly ConcurrentDictionary<string, bool> [|s_seen = new()|];
                public static string Upper(string text)
                {
                    if (!s_upper.ContainsKey(text)) s_upper.Add(text, text.ToUpperInvariant());
                    return s_upper[text];
                }
                public static Regex Pattern(string pattern) => s_regexes.GetOrAdd(pattern, p => new Regex(p));
                public static Slug For(string title) => s_slugs.GetOrAdd(title, t => new Slug(t));
                public static bool FirstTime(string url) => s_seen.TryAdd(url, true) && s_seen.GetOrAdd(url, true);
            }
            """);

    [Fact]
    public Task HelperCalledFromTheStaticConstructorAndFromAPublicMethod_IsAMemo()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            public static class MimeTypes
            {
                private static readonly Dictionary<string, string> [|s_byExtension = new()|];
                static MimeTypes() { Add("txt"); }
                private static string Add(string extension)
                {
                    if (!s_byExtension.TryGetValue(extension, out var type)) { type = "application/" + extension; s_byExtension[extension] = type; }
                    return type;
                }
                public static string Find(string extension) => Add(extension);
            }
            """);

    // ---- 11. Copy-on-write caches ----

    [Fact]
    public Task CopyOnWrite_IsAWriteToTheSharedCache()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading;
            public static class Parsers
            {
                private static Dictionary<string, int> [|s_lengths = new()|];
                private static Dictionary<string, string> [|s_upper = new()|];
                private static Dictionary<string, string> [|s_lower = new()|];
                public static int Length(string text)
                {
                    if (s_lengths.TryGetValue(text, out var n)) return n;
                    n = text.Length;
                    var updated = new Dictionary<string, int>(s_lengths) { [text] = n };
                    s_lengths = updated;
                    return n;
                }
                public static string Upper(string text)
                {
                    while (true)
                    {
                        var snapshot = s_upper;
                        if (snapshot.TryGetValue(text, out var value)) return value;
                        var copy = new Dictionary<string, string>(snapshot);
                        copy[text] = text.ToUpperInvariant();
                        if (Interlocked.CompareExchange(ref s_upper, copy, snapshot) == snapshot) return copy[text];
                    }
                }
                public static string Lower(string text)
                {
                    if (!s_lower.ContainsKey(text))
                    {
                        s_lower = new Dictionary<string, string>(s_lower) { { text, text.ToLowerInvariant() } };
                    }
                    return s_lower[text];
                }
            }
            """);

    [Fact]
    public Task CopyOnWrite_WithBoundedKeysOrReset_IsNotFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            public static class Accessors
            {
                private static Dictionary<Type, int> s_sizes = new();
                private static Dictionary<string, int> s_lengths = new();
                public static int Size(Type type)
                {
                    if (s_sizes.TryGetValue(type, out var n)) return n;
                    var copy = new Dictionary<Type, int>(s_sizes) { [type] = type.Name.Length };
                    Interlocked.Exchange(ref s_sizes, copy);
                    return copy[type];
                }
                public static int Length(string text)
                {
                    if (s_lengths.TryGetValue(text, out var n)) return n;
                    s_lengths = new Dictionary<string, int>(s_lengths) { [text] = text.Length };
                    return text.Length;
                }
                public static void Reset() => s_lengths = new Dictionary<string, int>();
            }
            """);

    // ---- 13. Aliases of the cache field ----

    [Fact]
    public Task WritesThroughAnAliasOfTheField_AreWritesToTheField()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            public static class Formatter
            {
                [ThreadStatic] private static Dictionary<string, string>? [|t_cache|];
                private static readonly Dictionary<string, int> [|s_lengths = new()|];
                private static Dictionary<string, string> [|s_volatile = new()|];
                public static string Format(string value)
                {
                    var cache = t_cache ??= new Dictionary<string, string>();
                    if (!cache.TryGetValue(value, out var result)) { result = value.Trim(); cache[value] = result; }
                    return result;
                }
                public static int Length(string value)
                {
                    var c = s_lengths;
                    if (!c.TryGetValue(value, out var n)) { n = value.Length; c.Add(value, n); }
                    return n;
                }
                public static string Read(string value)
                {
                    var map = Volatile.Read(ref s_volatile);
                    if (!map.TryGetValue(value, out var v)) { v = value.ToUpperInvariant(); map[value] = v; }
                    return v;
                }
            }
            """);

    [Fact]
    public Task AliasUsedToClear_OrWithBoundedKeys_IsNotFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            public static class Formatter
            {
                [ThreadStatic] private static Dictionary<string, string>? t_cache;
                [ThreadStatic] private static Dictionary<Type, string>? t_names;
                public static string Format(string value)
                {
                    var cache = t_cache ??= new Dictionary<string, string>();
                    if (cache.Count > 100) cache.Clear();
                    if (!cache.TryGetValue(value, out var result)) { result = value.Trim(); cache[value] = result; }
                    return result;
                }
                public static string Name(Type type)
                {
                    var names = t_names ??= new Dictionary<Type, string>();
                    if (!names.TryGetValue(type, out var name)) { name = type.Name; names[type] = name; }
                    return name;
                }
                public static void Trim()
                {
                    var c = t_cache;
                    c?.Remove("x");
                }
            }
            """);

    // ---- 15. Clears that never run ----

    [Fact]
    public Task ClearInAMemberNothingCalls_DoesNotBound()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            public static class Slugs
            {
                private static readonly ConcurrentDictionary<string, string> [|s_slugs = new()|];
                private static readonly ConcurrentDictionary<string, int> [|s_lengths = new()|];
                public static string For(string title) => s_slugs.GetOrAdd(title, t => t.ToLowerInvariant());
                public static int Length(string title) => s_lengths.GetOrAdd(title, t => t.Length);
                internal static void ResetForTests() => s_slugs.Clear();
                private static void Forget(string title) => s_lengths.TryRemove(title, out _);
            }
            """);

    [Fact]
    public Task ClearInAMemberThatRunsOrIsVisible_Bounds()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public static class Slugs
            {
                private static readonly ConcurrentDictionary<string, string> s_slugs = new();
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private static readonly ConcurrentDictionary<string, int> s_words = new();
                public static string For(string title) { if (s_slugs.Count > 1000) Reset(); return s_slugs.GetOrAdd(title, t => t.ToLowerInvariant()); }
                public static int Length(string title) => s_lengths.GetOrAdd(title, t => t.Length);
                public static int Words(string title) => s_words.GetOrAdd(title, t => t.Split(' ').Length);
                private static void Reset() => s_slugs.Clear();
                public static void Forget(string title) => s_lengths.TryRemove(title, out _);
                internal static Action OnLowMemory => Trim;
                private static void Trim() => s_words.Clear();
            }
            """);

    // ---- 18. Equivalent keys written differently ----

    [Fact]
    public Task LookupOfAGuardedSuppressedOrCastKey_PairsWithTheStore()
        => Verify.VerifyAsync("""
            #nullable enable
            using System;
            using System.Collections;
            using System.Collections.Generic;
            public static class Names
            {
                private static readonly Dictionary<string, string> [|s_guarded = new()|];
                private static readonly Dictionary<string, string> [|s_suppressed = new()|];
                private static readonly Hashtable [|s_cast = new()|];
                public static string Guarded(string? name)
                {
                    if (s_guarded.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out var v)) return v;
                    v = name.ToUpperInvariant();
                    s_guarded[name] = v;
                    return v;
                }
                public static string Suppressed(string? name)
                {
                    if (!s_suppressed.ContainsKey(name!)) s_suppressed.Add(name!, name!.Trim());
                    return s_suppressed[name!];
                }
                public static object Cast(string name)
                {
                    if (!s_cast.ContainsKey((object)name)) s_cast[name] = name.Length;
                    return s_cast[name]!;
                }
            }
            """);

    [Fact]
    public Task LookupOfADifferentKey_DoesNotPair()
        => Verify.VerifyAsync("""
            #nullable enable
            using System;
            using System.Collections.Generic;
            public static class Names
            {
                private static readonly Dictionary<string, string> s_names = new();
                public static void Put(string? name, string other)
                {
                    if (s_names.ContainsKey(other ?? throw new ArgumentNullException(nameof(other)))) return;
                    s_names[name ?? ""] = (name ?? "") + other.Trim();
                }
            }
            """);

    // ---- Keys from expression trees: member names bounded by the program's code ----

    [Fact]
    public Task MemberNamesFromExpressionTrees_AreBounded()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq.Expressions;
            public sealed class Parameters
            {
                private static readonly Hashtable s_setters = new();
                private static readonly ConcurrentDictionary<string, string> s_columns = new();
                private static readonly ConcurrentDictionary<(Type, string), int> s_ordinals = new();
                public void Output<T>(Expression<Func<T, object>> expression)
                {
                    var last = expression.Body as MemberExpression;
                    var names = new List<string>();
                    var diving = last;
                    do
                    {
                        names.Insert(0, diving?.Member.Name);
                        diving = diving?.Expression as MemberExpression;
                    }
                    while (diving is not null);
                    var lookup = string.Join("|", names.ToArray());
                    var setter = (Action<object>)s_setters[lookup];
                    if (setter is null)
                    {
                        setter = o => { };
                        lock (s_setters) { s_setters[lookup] = setter; }
                    }
                }
                public static string Column<T>(Expression<Func<T, object>> column)
                    => s_columns.GetOrAdd(((MemberExpression)column.Body).Member.Name, n => n.ToLowerInvariant());
                public static int Ordinal<T, TValue>(Expression<Func<T, TValue>> member)
                {
                    var info = ((MemberExpression)member.Body).Member;
                    return s_ordinals.GetOrAdd((typeof(T), string.Concat(info.DeclaringType?.Name, ".", info.Name)), k => k.Item2.Length);
                }
            }
            """);

    [Fact]
    public Task NamesFromData_BuiltLikeExpressionNames_AreStillReported()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections;
            using System.Collections.Generic;
            using System.Linq.Expressions;
            public sealed class Parameters
            {
                private static readonly Hashtable [|s_setters = new()|];
                public void Output<T>(Expression<Func<T, object>> expression, string suffix)
                {
                    var names = new List<string>();
                    names.Insert(0, ((MemberExpression)expression.Body).Member.Name);
                    names.Add(suffix);
                    var lookup = string.Join("|", names.ToArray());
                    if (s_setters[lookup] is null) s_setters[lookup] = lookup.Length;
                }
            }
            """);

    [Fact]
    public Task ListFilledElsewhere_IsNotBounded()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            public static class Paths
            {
                private static readonly ConcurrentDictionary<string, int> [|s_lengths = new()|];
                public static int Length(string member)
                {
                    var parts = new List<string> { nameof(Length) };
                    Fill(parts);
                    return s_lengths.GetOrAdd(string.Join(".", parts), p => p.Length);
                }
                private static void Fill(List<string> parts) => parts.Add(System.Console.ReadLine() ?? "");
            }
            """);

    // ---- Keys from an object's settings: bounded by configuration ----

    private const string SerializerSettings = """
        using System;
        using System.Collections.Generic;
        public sealed class XmlOptions { public string Root { get; set; } = "root"; }
        public class XmlSerializerWrapper
        {
            private static readonly Dictionary<(Type, string), object> {|#0:s_cache = new()|};
            private readonly XmlOptions _options;
            public XmlSerializerWrapper(XmlOptions options, string ns) { _options = options; Namespace = ns; }
            public string RootElement { get; set; }
            public string Namespace { get; }
            public object Serialize(object value) => Get(value.GetType(), RootElement);
            public object WithOptions(object value) => Get(value.GetType(), _options.Root);
            public object Namespaced(object value) => Get(value.GetType(), Namespace);
            private static object Get(Type type, string root)
            {
                var key = (type, root);
                if (!s_cache.TryGetValue(key, out var value))
                {
                    value = type.FullName + "/" + root;
                    s_cache[key] = value;
                }
                return value;
            }
        }
        """;

    [Fact]
    public Task KeyReadFromTheObjectsSettings_IsSilentByDefault()
        => Verify.VerifyAsync(SerializerSettings.Replace("{|#0:", "").Replace("new()|}", "new()"));

    [Fact]
    public Task KeyReadFromTheObjectsSettings_IsReportedWhenTheProjectAsks()
        => new Verification.AnalyzerTest<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>
        {
            Sources = { SerializerSettings.Replace("{|#0:", "[|").Replace("new()|}", "new()|]") },
            EditorConfig = "safecache.report_configuration_bounded_keys = true",
        }.RunAsync();

    [Fact]
    public Task SettingAssignedPerCall_IsData_AndReported()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public sealed class Renderer
            {
                private static readonly ConcurrentDictionary<(Type, string), string> [|s_templates = new()|];
                public string Template { get; set; } = "";
                public string Render(object model, string template)
                {
                    Template = template;
                    return s_templates.GetOrAdd((model.GetType(), Template), k => k.Item2.Trim());
                }
            }
            """);

    [Fact]
    public Task PropertyOfARequestObject_IsData_AndReported()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            public sealed class Order { public string CustomerId { get; set; } = ""; }
            public static class Customers
            {
                private static readonly ConcurrentDictionary<string, string> [|s_names = new()|];
                public static string Name(Order order) => s_names.GetOrAdd(order.CustomerId, id => id.ToUpperInvariant());
            }
            """);

    [Fact]
    public Task SettingSetInAnObjectInitializer_IsData_AndReported()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            public sealed class Formatter
            {
                private static readonly ConcurrentDictionary<string, string> [|s_formats = new()|];
                public string Pattern { get; init; } = "";
                public string Format() => s_formats.GetOrAdd(Pattern, p => p.Trim());
                public static string For(string userPattern) => new Formatter { Pattern = userPattern }.Format();
            }
            """);

    // ---- Held-out style: service and library code written the way people cache things ----

    [Fact]
    public Task HeldOut_TemplateRenderer_MixesAMemoByUserText_AReflectionCacheAndARegistry()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Reflection;
            public sealed class CompiledTemplate { public CompiledTemplate(string text) { Text = text; } public string Text { get; } }
            public static class TemplateRenderer
            {
                private static readonly Dictionary<string, CompiledTemplate> [|s_compiled = new()|];
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
                private static readonly Dictionary<string, Func<object, string>> s_formatters = new(StringComparer.Ordinal);
                public static void RegisterFormatter(string name, Func<object, string> formatter)
                {
                    lock (s_formatters) s_formatters[name] = formatter;
                }
                public static string Render(string templateText, object model)
                {
                    CompiledTemplate? template;
                    lock (s_compiled)
                    {
                        if (!s_compiled.TryGetValue(templateText, out template))
                        {
                            template = new CompiledTemplate(templateText.Trim());
                            s_compiled.Add(templateText, template);
                        }
                    }
                    var properties = s_properties.GetOrAdd(model.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));
                    return template.Text + properties.Length;
                }
            }
            """);

    [Fact]
    public Task HeldOut_Localizer_ResourceKeysFromTheProgram_ButUserIdsGrow()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Globalization;
            public static class Localizer
            {
                private static readonly ConcurrentDictionary<(CultureInfo Culture, string Key), string> s_strings = new();
                private static readonly ConcurrentDictionary<string, string> [|s_greetings = new()|];
                public static string Welcome(CultureInfo culture) => Text(culture, nameof(Welcome));
                public static string Goodbye(CultureInfo culture) => Text(culture, "Goodbye");
                private static string Text(CultureInfo culture, string key) => s_strings.GetOrAdd((culture, key), k => k.Key + "@" + k.Culture.Name);
                public static string Greeting(string userId) => s_greetings.GetOrAdd(userId, id => "Hello, " + id);
                private static void ResetForTests() => s_greetings.Clear();
            }
            """);

    [Fact]
    public Task HeldOut_Repository_TableNamesFromOptions_AreSilent_FiltersFromCallersGrow()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public sealed class RepositoryOptions { public string Schema { get; set; } = "dbo"; }
            public sealed class Repository<T>
            {
                private static readonly ConcurrentDictionary<(Type, string), string> s_selects = new();
                private static readonly ConcurrentDictionary<string, string> [|s_filtered = new()|];
                private readonly RepositoryOptions _options;
                public Repository(RepositoryOptions options) => _options = options;
                public string SelectAll() => s_selects.GetOrAdd((typeof(T), _options.Schema), k => $"SELECT * FROM {k.Item2}.{k.Item1.Name}");
                public string Where(string filter) => s_filtered.GetOrAdd(filter, f => SelectAll() + " WHERE " + f);
            }
            """);

    [Fact]
    public Task HeldOut_OrderService_KeysFromRequestObjects_Grow_ButAThreadStaticBuilderDoesNot()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Text;
            public sealed class OrderRequest { public string CustomerId { get; set; } = ""; public int Quantity { get; set; } }
            public sealed class OrderService
            {
                private static readonly ConcurrentDictionary<string, string> [|s_customerNames = new()|];
                [ThreadStatic] private static StringBuilder? t_builder;
                public string Describe(OrderRequest request)
                {
                    var name = s_customerNames.GetOrAdd(request.CustomerId, id => id.ToUpperInvariant());
                    var builder = t_builder ??= new StringBuilder();
                    builder.Clear();
                    return builder.Append(name).Append(':').Append(request.Quantity).ToString();
                }
            }
            """);
}
