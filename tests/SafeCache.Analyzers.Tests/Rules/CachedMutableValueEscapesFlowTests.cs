using System.Threading.Tasks;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.CachedMutableValueEscapesAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>
/// SC0002 for helpers whose callers pass the result on: to a parameter of the compilation's own methods, into a field
/// or auto-property only the assembly sees, or out through another helper. Excused when those only read it in turn.
/// </summary>
public class CachedMutableValueEscapesFlowTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;

        """;

    // A connection's script cache: the hash goes into a message that writes it to the wire.
    private const string FlaggedScriptCache = """
        internal sealed class Endpoint
        {
            private readonly ConcurrentDictionary<string, byte[]> _scripts = new();
            internal byte[] GetScriptHash(string script) => {|#0:_scripts.GetOrAdd(script, s => Encoding.ASCII.GetBytes(s))|};
        }

        internal sealed class Writer
        {
            private readonly Stream _stream;
            public Writer(Stream stream) => _stream = stream;
            internal void WriteBulk(ReadOnlySpan<byte> value) => _stream.Write(value);
        }

        """;

    private static readonly string ScriptCache = FlaggedScriptCache.Replace("{|#0:", "").Replace(")|};", ");");

    // ---- not flagged: every place the value reaches only reads it ----

    private const string Accessors = """
        internal static class Accessors
        {
            private static readonly ConcurrentDictionary<Type, string[]> s_names = new();
            internal static string[] For(Type type) => {|#0:s_names.GetOrAdd(type, t => t.GetProperties().Select(p => p.Name).ToArray())|};
            internal static bool Has(this string[] names, string name) => names.Contains(name);
        }

        """;

    [Fact]
    public Task HelperResultAssignedToAParameterThatIsOnlyRead()
        => Verify.VerifyAsync(Usings + Accessors.Replace("{|#0:", "").Replace(")|};", ");") + """
            internal static class Reader
            {
                internal static int Count(object value, string[] names, string wanted)
                {
                    var derived = Accessors.For(value.GetType());
                    if (derived != null)
                    {
                        names = derived;
                    }

                    return names.Has(wanted) ? names.Length : 0;
                }
            }
            """);

    [Fact]
    public Task HelperResultAssignedToAParameterThatIsChanged_IsFlagged()
        => Verify.VerifyAsync(
            Usings + Accessors + """
            internal static class Reader
            {
                internal static void Blank(object value, string[] names)
                {
                    names = Accessors.For(value.GetType());
                    names[0] = "";
                }
            }
            """,
            Verify.Diagnostic(SafeCache.Analyzers.DiagnosticDescriptors.CachedMutableValueEscapesAtEnd).WithLocation(0));

    [Fact]
    public Task InternalHelperWhoseCallersOnlyTestItsElements()
        => Verify.VerifyAsync(Usings + """
            public sealed class Marker { public string? Note { get; set; } }
            internal static class Markers
            {
                private static readonly ConcurrentDictionary<Type, IList<Marker?>> s_markers = new();
                internal static IList<Marker?> For(Type type) => s_markers.GetOrAdd(type, t => t.GetProperties().Select(p => p.Name.Length > 3 ? new Marker() : null).ToList());
            }

            internal sealed class Builder
            {
                internal int CountMarked(Type type)
                {
                    var markers = Markers.For(type);
                    var count = 0;
                    for (var i = 0; i < markers.Count; i++)
                    {
                        if (markers[i] != null && markers[i] is not { Note: "skip" })
                        {
                            count++;
                        }
                    }

                    return count;
                }

                internal bool HasFirst(Type type) => Markers.For(type)[0] is null;
            }
            """);

    [Fact]
    public Task InternalHelperWhoseCallerChangesAnElement_IsFlagged()
        => Verify.VerifyAsync(Usings + """
            public sealed class Marker { public string? Note { get; set; } }
            internal static class Markers
            {
                private static readonly ConcurrentDictionary<Type, IList<Marker?>> s_markers = new();
                internal static IList<Marker?> For(Type type) => {|#0:s_markers.GetOrAdd(type, t => t.GetProperties().Select(p => (Marker?)new Marker()).ToList())|};
            }

            internal sealed class Builder
            {
                internal void Clear(Type type)
                {
                    var markers = Markers.For(type);
                    if (markers[0] != null)
                    {
                        markers[0] = null;
                    }
                }
            }
            """,
            Verify.Diagnostic(SafeCache.Analyzers.DiagnosticDescriptors.CachedMutableValueEscapesAtEnd).WithLocation(0));

    // A local given the helper's result in place of its earlier value ('cvt = Apply(cvt) ?? cvt;'): the uses inside
    // that statement see the earlier value, not the cached one.
    private const string DeltaCache = """
        internal sealed class Deltas
        {
            private readonly ConcurrentDictionary<short[], short[]> _cache = new(ReferenceEqualityComparer.Instance);
            public short[]? Apply(short[] values) => {|#0:_cache.GetOrAdd(values, v => v.Select(x => (short)(x + 1)).ToArray())|};
        }

        internal sealed class Table
        {
            private float[] _scaled = Array.Empty<float>();
            public void Load(short[]? values)
            {
                if (values is null) return;
                _scaled = new float[values.Length];
                for (var i = 0; i < values.Length; i++) _scaled[i] = values[i] / 64f;
            }
        }

        """;

    [Fact]
    public Task LocalReassignedWithTheHelpersResult_UsesInsideTheAssignmentSeeTheEarlierValue()
        => Verify.VerifyAsync(Usings + DeltaCache + """
            internal sealed class Hinter
            {
                private readonly Deltas _deltas = new();
                internal void Hint(short[]? baseValues, Table table)
                {
                    var values = baseValues;
                    if (values is not null)
                    {
                        values = _deltas.Apply(values) ?? values;
                    }

                    table.Load(values);
                }
            }
            """);

    [Fact]
    public Task LocalReassignedWithTheHelpersResult_ThenChanged_IsFlagged()
        => Verify.VerifyAsync(
            Usings + DeltaCache + """
            internal sealed class Hinter
            {
                private readonly Deltas _deltas = new();
                internal void Hint(short[] baseValues)
                {
                    var values = baseValues;
                    values = _deltas.Apply(values) ?? values;
                    values[0] = 0;
                }
            }
            """,
            Verify.Diagnostic(SafeCache.Analyzers.DiagnosticDescriptors.CachedMutableValueEscapesAtEnd).WithLocation(0));

    [Fact]
    public Task LocalReassignedWithTheHelpersResultInALoop_FeedsItBackToTheHelper_IsFlagged()
        => Verify.VerifyAsync(
            Usings + DeltaCache + """
            internal sealed class Hinter
            {
                private readonly Deltas _deltas = new();
                internal void Twice(short[] baseValues, Table table)
                {
                    var values = baseValues;
                    for (var i = 0; i < 2; i++)
                    {
                        values = _deltas.Apply(values) ?? values;
                    }

                    table.Load(values);
                }
            }
            """,
            Verify.Diagnostic(SafeCache.Analyzers.DiagnosticDescriptors.CachedMutableValueEscapesAtEnd).WithLocation(0));

    private const string InterfaceInfoCache = """
        internal sealed class Info
        {
            private static readonly ConcurrentDictionary<Type, Info[]> s_cache = new();
            public Info(Type key) => Key = key;
            public Type Key { get; }
            internal static Info[] For(Type target) => {|#0:s_cache.GetOrAdd(target, static t => t.GetInterfaces().Select(i => new Info(i)).ToArray())|};
        }

        """;

    [Fact]
    public Task CastToAReadOnlyView_ThenRead_IsNotFlagged()
        => Verify.VerifyAsync(Usings + InterfaceInfoCache + """
            internal static class Finder
            {
                internal static string Describe(Type target)
                {
                    var all = Info.For(target);
                    return all.Length > 1 ? string.Join(", ", (IEnumerable<Info>)all) : "one";
                }
            }
            """);

    [Fact]
    public Task CastToAMutableInterface_ThenChanged_IsFlagged()
        => Verify.VerifyAsync(
            Usings + InterfaceInfoCache + """
            internal static class Finder
            {
                internal static void Reset(Type target)
                {
                    var all = Info.For(target);
                    ((IList<Info>)all)[0] = new Info(target);
                }
            }
            """,
            Verify.Diagnostic(SafeCache.Analyzers.DiagnosticDescriptors.CachedMutableValueEscapesAtEnd).WithLocation(0));

    [Fact]
    public Task PassedToAFactoryThatStoresItInAReadonlyFieldOnlyWrittenToTheWire()
        => Verify.VerifyAsync(Usings + ScriptCache + """
            internal sealed class Message
            {
                private readonly string _command;
                private readonly byte[]? _hash;
                private Message(string command, byte[]? hash) { _command = command; _hash = hash; }
                public static Message Create(string command, byte[]? hash) => new Message(command, hash);
                public int Length => _hash?.Length ?? 0;
                public void Write(Writer writer)
                {
                    if (_hash is null) return;
                    writer.WriteBulk(_hash);
                }
            }

            internal sealed class Database
            {
                public Message Eval(Endpoint endpoint, string script) => Message.Create("EVALSHA", endpoint.GetScriptHash(script));
            }
            """);

    [Fact]
    public Task StoredInANonReadonlyFieldOfTheCallerThatOnlyReadsIt()
        => Verify.VerifyAsync(Usings + ScriptCache + """
            internal sealed class ScriptMessage
            {
                private readonly string _script;
                private byte[]? _asciiHash;
                public ScriptMessage(string script) => _script = script;
                public IEnumerable<ScriptMessage> Messages(Endpoint endpoint)
                {
                    _asciiHash = endpoint.GetScriptHash(_script);
                    if (_asciiHash == null) yield break;
                    yield return this;
                }
                public void Write(Writer writer)
                {
                    if (_asciiHash != null) writer.WriteBulk(_asciiHash);
                }
            }
            """);

    [Fact]
    public Task PassedOnThroughALocalToMethodsThatIterateIt_AndIntoAGetOnlyProperty()
        => Verify.VerifyAsync(Usings + """
            using System.Reflection;
            internal sealed class TypeResolver
            {
                private readonly ConcurrentDictionary<Type, ConstructorInfo[]> _constructors = new();
                internal ConstructorInfo[] GetConstructors(Type type) => _constructors.GetOrAdd(type, t => t.GetConstructors());
            }

            internal static class Matcher
            {
                internal static ConstructorInfo? FindBest(ConstructorInfo[] candidates, int arity)
                {
                    foreach (var candidate in candidates)
                    {
                        if (candidate.GetParameters().Length == arity) return candidate;
                    }

                    return candidates.Length > 0 ? candidates.First() : null;
                }

                internal static string Describe(Type type, ConstructorInfo[]? candidates)
                    => type.Name + ": " + string.Join(", ", (candidates ?? Array.Empty<ConstructorInfo>()).Select(c => c.Name));
            }

            internal sealed class TypeDescriptor
            {
                public TypeDescriptor(ConstructorInfo[] constructors) => Constructors = constructors;
                public ConstructorInfo[] Constructors { get; }
                public bool HasDefault => Constructors.Any(c => c.GetParameters().Length == 0);
            }

            internal sealed class TypeReference
            {
                public object? Construct(TypeResolver resolver, Type type, int arity)
                {
                    ConstructorInfo[]? constructors = null;
                    if (arity >= 0)
                    {
                        constructors = resolver.GetConstructors(type);
                        var best = Matcher.FindBest(constructors, arity);
                        if (best != null) return best.Invoke(null);
                    }

                    throw new InvalidOperationException(Matcher.Describe(type, constructors));
                }

                public bool CanCreate(TypeResolver resolver, Type type)
                {
                    var descriptor = new TypeDescriptor(resolver.GetConstructors(type));
                    foreach (var c in descriptor.Constructors) if (c.IsPublic) return true;
                    return descriptor.HasDefault;
                }
            }
            """);

    [Fact]
    public Task PrivateHelperReturnedThroughInternalMethodsWhoseCallersOnlyRead()
        => Verify.VerifyAsync(Usings + """
            using System.Reflection;
            internal static class PropertyHelper
            {
                private static readonly Dictionary<Type, Dictionary<string, PropertyInfo>?> s_properties = new();

                internal static bool TryGetPropertyInfo(object target, string name, out PropertyInfo? result)
                {
                    var properties = TryLookup(target.GetType());
                    if (properties is null)
                    {
                        result = null;
                        return false;
                    }

                    return properties.TryGetValue(name, out result);
                }

                internal static bool IsConfigurable(Type type) => TryLookup(type) != null;

                internal static Dictionary<string, PropertyInfo> GetAll(Type type)
                    => TryLookup(type) ?? new Dictionary<string, PropertyInfo>();

                private static Dictionary<string, PropertyInfo>? TryLookup(Type type)
                {
                    lock (s_properties)
                    {
                        if (!s_properties.TryGetValue(type, out var cache))
                        {
                            cache = type.GetProperties().ToDictionary(p => p.Name);
                            s_properties[type] = cache;
                        }

                        return cache;
                    }
                }
            }

            internal sealed class Scanner
            {
                public int Count(Type type)
                {
                    var n = 0;
                    foreach (var pair in PropertyHelper.GetAll(type)) n += pair.Key.Length;
                    return n + PropertyHelper.GetAll(type).Count;
                }
            }
            """);

    [Fact]
    public Task PrivateHelperPassedToAPrivateMethodThatOnlyReads()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                private static List<int> Load(int id) => s_cache.GetOrAdd(id, i => new List<int> { i });
                public static int Total(int id) => Sum(Load(id));
                private static int Sum(List<int> items)
                {
                    var total = 0;
                    foreach (var item in items) total += item;
                    return total + items.Count;
                }
            }
            """);

    // ---- flagged: somewhere the value reaches may change it ----

    [Fact]
    public Task PassedToACalleeThatMutatesIt()
        => Verify.VerifyAsync(
            Usings + FlaggedScriptCache + """
            internal static class Hashes
            {
                internal static void Normalize(byte[] hash)
                {
                    for (var i = 0; i < hash.Length; i++) hash[i] = (byte)char.ToLowerInvariant((char)hash[i]);
                }
            }

            internal sealed class Database
            {
                public void Eval(Endpoint endpoint, string script) => Hashes.Normalize(endpoint.GetScriptHash(script));
            }
            """,
            Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task StoredThenALaterMemberMutatesTheField()
        => Verify.VerifyAsync(
            Usings + FlaggedScriptCache + """
            internal sealed class Message
            {
                private readonly byte[] _hash;
                public Message(Endpoint endpoint, string script) => _hash = endpoint.GetScriptHash(script);
                public void Write(Writer writer) => writer.WriteBulk(_hash);
                public void Clear() => Array.Clear(_hash, 0, _hash.Length);
            }
            """,
            Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task StoredInAPublicPropertyOtherAssembliesCanRead()
        => Verify.VerifyAsync(
            Usings + FlaggedScriptCache + """
            public sealed class Message
            {
                internal Message(Endpoint endpoint, string script) => Hash = endpoint.GetScriptHash(script);
                public byte[] Hash { get; }
            }
            """,
            Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task PassedToAVirtualMethod_OrStoredThroughAParameterThatEscapes()
        => Verify.VerifyAsync(
            Usings + FlaggedScriptCache + """
            internal class Sink
            {
                public virtual int Accept(byte[] hash) => hash.Length;
            }

            internal sealed class Holder
            {
                private readonly List<byte[]> _all = new();
                internal void Keep(byte[] hash) => _all.Add(hash);
            }

            internal sealed class Database
            {
                public int Eval(Endpoint endpoint, Sink sink, string script) => sink.Accept(endpoint.GetScriptHash(script));
                public void Remember(Endpoint endpoint, Holder holder, string script) => holder.Keep(endpoint.GetScriptHash(script));
            }
            """,
            Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task PassedToARecordsPrimaryConstructor_ItBecomesAPublicProperty()
        => Verify.VerifyAsync(
            Usings + FlaggedScriptCache + """
            internal sealed record Script(string Text, byte[] Hash);

            internal sealed class Database
            {
                public Script Load(Endpoint endpoint, string script) => new Script(script, endpoint.GetScriptHash(script));
            }
            """,
            Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task StoredByAnObjectInitializerInAnInternalFieldAnotherTypeMutates()
        => Verify.VerifyAsync(
            Usings + FlaggedScriptCache + """
            internal sealed class Pending
            {
                internal byte[]? Hash;
            }

            internal sealed class Database
            {
                public Pending Queue(Endpoint endpoint, string script) => new Pending { Hash = endpoint.GetScriptHash(script) };
            }

            internal static class Scrubber
            {
                internal static void Scrub(Pending pending) => pending.Hash![0] = 0;
            }
            """,
            Verify.Diagnostic().WithLocation(0));

    [Fact]
    public Task PrivateHelperReturnedThroughAnInternalMethodWhoseCallerMutates()
        => Verify.VerifyAsync(Usings + """
            using System.Reflection;
            internal static class PropertyHelper
            {
                private static readonly Dictionary<Type, Dictionary<string, PropertyInfo>> s_properties = new();

                internal static Dictionary<string, PropertyInfo> GetAll(Type type) => TryLookup(type) ?? new Dictionary<string, PropertyInfo>();

                private static Dictionary<string, PropertyInfo>? TryLookup(Type type)
                {
                    if (!s_properties.TryGetValue(type, out var cache))
                    {
                        cache = type.GetProperties().ToDictionary(p => p.Name);
                        s_properties[type] = cache;
                    }

                    return {|SC0002:cache|};
                }
            }

            internal sealed class Configurator
            {
                public void Hide(Type type, string name) => PropertyHelper.GetAll(type).Remove(name);
            }
            """);

    [Fact]
    public Task PrivateHelperPassedToAPrivateMethodThatMutates()
        => Verify.VerifyAsync(Usings + """
            class Service
            {
                private static readonly ConcurrentDictionary<int, List<int>> s_cache = new();
                private static List<int> Load(int id) => {|SC0002:s_cache.GetOrAdd(id, i => new List<int> { i })|};
                public static int Total(int id) => Sum(Load(id));
                private static int Sum(List<int> items)
                {
                    items.Sort();
                    return items.Count;
                }
            }
            """);
}
