using System.Threading.Tasks;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceStateAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0005 on the shapes found in open-source code (issue 10).</summary>
public class SharedCacheIgnoresInstanceStateRealCodeTests
{
    // ---- 3. A field used as a local: must not flag ----

    [Fact]
    public Task FieldAssignedFromTheKeyEarlierInTheMember_IsNotInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Connection
            {
                private static readonly ConcurrentDictionary<string, string> s_pools = new();
                private static readonly Dictionary<string, int> s_sizes = new();
                private readonly string _connectionString;
                private string _dataSource = "";
                private int _size;
                public Connection(string connectionString) => _connectionString = connectionString;
                public void Open()
                {
                    _dataSource = Lookup(_connectionString);
                    s_pools[_connectionString] = _dataSource;
                }
                public void Measure(string name)
                {
                    _size = name.Length * 2;
                    s_sizes[name] = _size;
                }
                public void FromCache(string name)
                {
                    _dataSource = s_pools.TryGetValue(name, out var found) ? found : name;
                    s_pools.TryAdd(name, _dataSource);
                }
                private static string Lookup(string connectionString) => connectionString.Split(';')[0];
            }
            """);

    [Fact]
    public Task FieldAssignedFromOtherStateOrAfterTheWrite_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Connection
            {
                private static readonly ConcurrentDictionary<string, string> s_pools = new();
                private readonly string _prefix;
                private readonly string _connectionString;
                private string _dataSource = "";
                public Connection(string prefix, string connectionString) { _prefix = prefix; _connectionString = connectionString; }
                public void Open()
                {
                    _dataSource = _prefix + _connectionString;
                    [|s_pools[_connectionString] = _dataSource|];
                }
                public void Late(string name)
                {
                    [|s_pools[name] = _dataSource|];
                    _dataSource = name;
                }
            }
            """);

    [Fact]
    public Task FreshPerKeyStateSeededFromTheInstance_IsSharedByDesign()
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
                public void Refresh(IEnumerable<string> files) { }
            }
            class CounterRenderer
            {
                private static readonly ConcurrentDictionary<string, Sequence> s_sequences = new();
                private static readonly Dictionary<object, Watcher> s_watchers = new();
                private readonly List<string> _files = new();
                public long Start { get; set; }
                public bool AutoReload { get; set; }
                public long Next(string name)
                {
                    if (!s_sequences.TryGetValue(name, out var sequence))
                    {
                        sequence = new Sequence(name, Start);
                        if (!s_sequences.TryAdd(name, sequence)) s_sequences.TryGetValue(name, out sequence);
                    }
                    return sequence!.Next(1);
                }
                public void Watch(object factory)
                {
                    if (!AutoReload) return;
                    lock (s_watchers)
                    {
                        if (!s_watchers.TryGetValue(factory, out var watcher))
                        {
                            watcher = new Watcher(factory);
                            s_watchers[factory] = watcher;
                        }
                        watcher.Refresh(_files);
                    }
                }
            }
            """);

    [Fact]
    public Task ComputedPerKeyValueFromTheInstance_HeldInALocal_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            sealed class Label
            {
                public Label(string text) { Text = text; }
                public string Text { get; }
            }
            class Labeller
            {
                private static readonly ConcurrentDictionary<string, Label> s_labels = new();
                private static readonly Dictionary<string, string> s_texts = new();
                private readonly string _prefix;
                public Labeller(string prefix) { _prefix = prefix; }
                public Label For(string name)
                {
                    if (!s_labels.TryGetValue(name, out var label))
                    {
                        label = new Label(_prefix + name);
                        [|s_labels.TryAdd(name, label)|];
                    }
                    return label;
                }
                public string Text(string name)
                {
                    if (!s_texts.TryGetValue(name, out var text))
                    {
                        text = _prefix + name;
                        [|s_texts[name] = text|];
                    }
                    return text;
                }
            }
            """);

    // ---- 4. Options objects with constant initializers: must not flag ----

    [Fact]
    public Task OptionsObjectsInitializedWithConstants_AreTheSameForEveryInstance()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed class SerializerOptions { public bool WriteIndented { get; set; } public int MaxDepth { get; set; } public Naming Naming { get; set; } = new(); }
            sealed class Naming { public bool CamelCase { get; set; } }
            class Serializer
            {
                private static readonly ConcurrentDictionary<string, string> s_json = new();
                private readonly SerializerOptions _options = new SerializerOptions { WriteIndented = true, MaxDepth = 8 };
                private readonly SerializerOptions _nested = new() { Naming = { CamelCase = true }, MaxDepth = 4 + 4 };
                private readonly SerializerOptions _empty = new() { };
                public string A(string text) => s_json.GetOrAdd(text, t => Render(t, _options));
                public string B(string text) => s_json.GetOrAdd(text + "b", t => Render(t, _nested));
                public string C(string text) => s_json.GetOrAdd(text + "c", t => Render(t, _empty));
                private static string Render(string text, SerializerOptions options) => options.WriteIndented ? text : text.Trim();
            }
            """);

    [Fact]
    public Task OptionsObjectsInitializedFromArguments_DifferBetweenInstances()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed class SerializerOptions { public bool WriteIndented { get; set; } public int MaxDepth { get; set; } }
            class Serializer
            {
                private static readonly ConcurrentDictionary<string, string> s_json = new();
                private readonly SerializerOptions _options;
                private static int s_next;
                private readonly SerializerOptions _fromField = new() { MaxDepth = s_next++ };
                public Serializer(bool indented) => _options = new SerializerOptions { WriteIndented = indented };
                public string A(string text) => [|s_json.GetOrAdd(text, t => Render(t, _options))|];
                public string B(string text) => [|s_json.GetOrAdd(text + "b", t => Render(t, _fromField))|];
                private static string Render(string text, SerializerOptions options) => options.WriteIndented ? text : text.Trim();
            }
            """);

    // ---- 5. Guards: must not flag ----

    [Fact]
    public Task StateReadOnlyToThrow_DoesNotFlowIntoTheValue()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Reader
            {
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private readonly string _name = Environment.MachineName;
                private string? _path;
                public int A(string key) => s_lengths.GetOrAdd(key ?? throw new ObjectDisposedException(_name), k => k.Length);
                public int B(string key) => s_lengths.GetOrAdd(key, k => k.Length > 100 ? throw new InvalidOperationException(_name) : k.Length);
                public int C(string key) => s_lengths.GetOrAdd(key, k => (k ?? throw new ArgumentException(_path)).Length);
                public void Open(string path) => _path = path;
            }
            """);

    [Fact]
    public Task StateThatIsBothGuardAndSource_IsStillInstanceState()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Reader
            {
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private string? _path;
                public void Open(string path) => _path = path;
                public int A(string key) => [|s_lengths.GetOrAdd(key, k => (_path ?? throw new ObjectDisposedException("reader")).Length + k.Length)|];
            }
            """);

    // ---- 6. ConditionalWeakTable side tables: must not flag ----

    [Fact]
    public Task ConditionalWeakTable_IsASideTableNotASharedResultCache()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            class Tracker
            {
                private static readonly ConditionalWeakTable<object, string> s_names = new();
                private static readonly ConditionalWeakTable<object, object> s_states = new();
                private readonly string _prefix = System.Environment.MachineName;
                private int _count;
                public string Name(object target) => s_names.GetValue(target, t => _prefix + t);
                public void Attach(object target) { _count++; s_states.AddOrUpdate(target, _count); }
            }
            """);

    // ---- 8. 'this' through a local alias: must flag ----

    [Fact]
    public Task StateReadThroughAnAliasOfThis_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Scaler
            {
                private static readonly ConcurrentDictionary<string, int> s_sizes = new();
                private readonly int _scale;
                public Scaler(int scale) => _scale = scale;
                public int A(string unit) { var self = this; return [|s_sizes.GetOrAdd(unit, u => u.Length * self._scale)|]; }
                public int B(string unit) { var me = this; var factor = me._scale; return [|s_sizes.GetOrAdd(unit, u => u.Length * factor)|]; }
                public int C(string unit) { Scaler self = this; return [|s_sizes.GetOrAdd(unit, u => self.Compute(u))|]; }
                private int Compute(string unit) => unit.Length * _scale;
            }
            """);

    [Fact]
    public Task LocalThatIsNotThis_IsNotInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Scaler
            {
                private static readonly ConcurrentDictionary<string, int> s_sizes = new();
                private int _scale;
                public int A(string unit, Scaler other) { var self = other; return s_sizes.GetOrAdd(unit, u => u.Length * self._scale); }
                public int B(string unit) { var self = new Scaler(); return s_sizes.GetOrAdd(unit, u => u.Length * self._scale); }
                public void Set(int scale) => _scale = scale;
            }
            """);

    // ---- 9 and 17. 'this' or per-instance state as the factory argument: must flag ----

    [Fact]
    public Task ThisOrStatePassedAsTheFactoryArgument_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed class Settings { public int Scale { get; set; } }
            class Scaler
            {
                private static readonly ConcurrentDictionary<string, int> s_sizes = new();
                private readonly int _scale;
                private readonly Settings _settings;
                public Scaler(int scale, Settings settings) { _scale = scale; _settings = settings; }
                public int A(string unit) => [|s_sizes.GetOrAdd(unit, static (u, self) => u.Length * self._scale, this)|];
                public int B(string unit) => [|s_sizes.GetOrAdd(unit + "b", static (u, state) => u.Length * state.Scale, _settings)|];
                public int C(string unit) => [|s_sizes.GetOrAdd(unit + "c", (u, arg) => u.Length * arg, _scale)|];
                public int D(string unit) { var self = this; return [|s_sizes.GetOrAdd(unit + "d", static (u, s) => s.Compute(u), self)|]; }
                private int Compute(string unit) => unit.Length * _scale;
            }
            """);

    [Fact]
    public Task ConstantsOrKeyPartsAsTheFactoryArgument_AreNotInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Scaler
            {
                private static readonly ConcurrentDictionary<string, int> s_sizes = new();
                private static readonly ConcurrentDictionary<(string, int), int> s_scaled = new();
                private const int Factor = 3;
                private readonly int _scale;
                public Scaler(int scale) => _scale = scale;
                public int A(string unit) => s_sizes.GetOrAdd(unit, static (u, f) => u.Length * f, Factor);
                public int B(string unit, int extra) => s_sizes.GetOrAdd(unit, static (u, e) => u.Length * e, extra);
                public int C(string unit) => s_scaled.GetOrAdd((unit, _scale), static (k, self) => k.Item1.Length * self._scale, this);
            }
            """);

    // ---- 10. State that selects the value: must flag ----

    [Fact]
    public Task StateInAConditionThatSelectsTheStoredValue_IsInstanceState()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            class Mapper
            {
                private static readonly Dictionary<Type, string> s_tables = new();
                private static readonly ConcurrentDictionary<string, string> s_names = new();
                private readonly HashSet<string> _existing;
                private readonly bool _plural;
                public Mapper(HashSet<string> existing, bool plural) { _existing = existing; _plural = plural; }
                private bool TableExists(string name) => _existing.Contains(name);
                public string Table(Type type)
                {
                    if (s_tables.TryGetValue(type, out var cached)) return cached;
                    var name = type.Name;
                    if (!TableExists(name)) name = type.Name + "s";
                    [|s_tables[type] = name|];
                    return name;
                }
                public string Name(string key) => [|s_names.GetOrAdd(key, k => { if (_plural) return k + "s"; return k; })|];
            }
            """);

    [Fact]
    public Task ConditionsOnTheKeyOrOnStaticsOnly_DoNotSelectByInstance()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            class Mapper
            {
                private static readonly Dictionary<Type, string> s_tables = new();
                private static readonly ConcurrentDictionary<string, string> s_names = new();
                private static bool s_plural;
                private bool _enabled;
                public void Enable() => _enabled = true;
                public string Table(Type type)
                {
                    if (s_tables.TryGetValue(type, out var cached)) return cached;
                    var name = type.Name;
                    if (type.IsGenericType) name = name + "s";
                    s_tables[type] = name;
                    return name;
                }
                public string Name(string key) => s_names.GetOrAdd(key, k => { if (s_plural) return k + "s"; return k; });
            }
            """);

    // ---- 16. Virtual and abstract factories: must flag ----

    [Fact]
    public Task VirtualOrAbstractFactory_DependsOnTheRuntimeType()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class ClientFactory
            {
                private static readonly ConcurrentDictionary<string, string> s_clients = new();
                protected abstract string Create(string name);
                protected virtual string Decorate(string name) => name;
                public string A(string name) => [|s_clients.GetOrAdd(name, Create)|];
                public string B(string name) => [|s_clients.GetOrAdd(name + "b", n => Decorate(n).Trim())|];
                public string C(string name) => [|s_clients.GetOrAdd(name + "c", n => Build(n))|];
                private string Build(string name) => Create(name) + "!";
            }
            """);

    [Fact]
    public Task NonVirtualOrSealedFactory_IsNotInstanceBehaviour()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class Base { protected abstract string Create(string name); }
            sealed class ClientFactory : Base
            {
                private static readonly ConcurrentDictionary<string, string> s_clients = new();
                protected override string Create(string name) => name.ToUpperInvariant();
                private string Decorate(string name) => name.Trim();
                public string A(string name) => s_clients.GetOrAdd(name, Create);
                public string B(string name) => s_clients.GetOrAdd(name + "b", n => Decorate(n));
            }
            """);

    // ---- 12. Factories passed into helpers that store them: must flag at the call ----

    [Fact]
    public Task DelegateReadingInstanceStatePassedToAHelperThatStoresItsResult()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Client { public Client(string endpoint) { Endpoint = endpoint; } public string Endpoint { get; } }
            class Service
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private readonly string _endpoint;
                public Service(string endpoint) => _endpoint = endpoint;
                private static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                internal static Client Create(string key, Func<string, Client> factory) => s_clients.GetOrAdd(key, factory);
                private Client Build(string key) => new Client(_endpoint + key);
                public Client A(string key) => [|GetOrCreate(key, () => new Client(_endpoint))|];
                public Client B(string key) => [|Create(key, k => Build(k))|];
                public Client C(string key) { Client Make() => new Client(_endpoint); return [|GetOrCreate(key, Make)|]; }
            }
            """);

    [Fact]
    public Task DelegateReadingInstanceStatePassedToAnotherTypesHelper()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            sealed class Client { public Client(string endpoint) { Endpoint = endpoint; } public string Endpoint { get; } }
            internal static class ClientCache
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private static readonly Dictionary<string, Client> s_byName = new();
                internal static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                internal static Client Create(Func<string, Client> factory, string key) => s_clients.GetOrAdd(key, factory);
                internal static Client Named(string name, Func<Client> factory)
                {
                    lock (s_byName)
                    {
                        if (!s_byName.TryGetValue(name, out var client))
                        {
                            client = factory();
                            s_byName[name] = client;
                        }
                        return client;
                    }
                }
            }
            class Service
            {
                private readonly string _endpoint;
                private readonly string _region;
                public Service(string endpoint, string region) { _endpoint = endpoint; _region = region; }
                private Client Build(string key) => new Client(_endpoint + key);
                public Client A(string key) => [|ClientCache.GetOrCreate(key, () => new Client(_endpoint))|];
                public Client B(string key) => [|ClientCache.Create(k => Build(k), key)|];
                public Client C(string name) { Client Make() => new Client(_region); return [|ClientCache.Named(name, Make)|]; }
                public Client D() => [|ClientCache.GetOrCreate(_region, () => new Client(_endpoint))|];
            }
            """);

    [Fact]
    public Task DelegateReadingInstanceStatePassedToAnotherTypesHelper_MessageAndAdditionalLocation()
        => new Verification.AnalyzerTest<SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceStateAnalyzer>
        {
            Sources =
            {
                """
                using System;
                using System.Collections.Concurrent;
                internal static class Rates
                {
                    private static readonly ConcurrentDictionary<string, decimal> {|#1:s_rates = new()|};
                    internal static decimal For(string currency, Func<decimal> load) => s_rates.GetOrAdd(currency, _ => load());
                }
                """,
                """
                class PriceList
                {
                    private readonly decimal _markup;
                    public PriceList(decimal markup) => _markup = markup;
                    public decimal Rate(string currency) => {|#0:Rates.For(currency, () => 1.1m * _markup)|};
                }
                """,
            },
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithLocation(1)
                    .WithArguments("s_rates", "currency", "this._markup", "", "PriceList", "_markup"),
            },
        }.RunAsync();

    [Fact]
    public Task DelegatePassedToAnotherTypesMethod_KeyedByTheState_OrNotStored_IsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Client { public Client(string endpoint) { Endpoint = endpoint; } public string Endpoint { get; } }
            internal static class ClientCache
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private static readonly string s_default = "https://x";
                internal static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                internal static Client Run(string key, Func<Client> factory) => factory();
                internal static Client Default(Func<string, Client> factory) => factory(s_default);
            }
            class Service
            {
                private readonly string _endpoint;
                private const string Scheme = "https://";
                public Service(string endpoint) => _endpoint = endpoint;
                public Client A(string key) => ClientCache.GetOrCreate(_endpoint, () => new Client(_endpoint));
                public Client B(string key) => ClientCache.Run(key, () => new Client(_endpoint));
                public Client C(string key) => ClientCache.GetOrCreate(key, () => new Client(Scheme + key));
                public Client D() => ClientCache.Default(k => new Client(_endpoint + k));
                public Client E(string key) => ClientCache.GetOrCreate(key + _endpoint, () => new Client(_endpoint + key));
            }
            """);

    [Fact]
    public Task DelegateComputedFromTheKeyOrStatics_PassedToAHelper_IsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Client { public Client(string endpoint) { Endpoint = endpoint; } public string Endpoint { get; } }
            class Service
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private static readonly string s_default = "https://x";
                private readonly string _endpoint;
                public Service(string endpoint) => _endpoint = endpoint;
                private static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                private static Client Run(Func<Client> factory) => factory();
                public Client A(string key) => GetOrCreate(key, () => new Client(s_default + key));
                public Client B() => Run(() => new Client(_endpoint));
                public Client C() => GetOrCreate(_endpoint, () => new Client(_endpoint));
            }
            """);

    // ---- 11 and 13. Copies and aliases of the cache field ----

    [Fact]
    public Task WritesThroughCopiesAndAliasesOfTheField_ReadingInstanceState()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            class Renderer
            {
                private static Dictionary<string, string> s_html = new();
                [ThreadStatic] private static Dictionary<string, string>? t_recent;
                private readonly string _theme;
                public Renderer(string theme) => _theme = theme;
                public string A(string key)
                {
                    if (s_html.TryGetValue(key, out var html)) return html;
                    var snapshot = s_html;
                    var copy = new Dictionary<string, string>(snapshot);
                    [|copy[key] = _theme + key|];
                    Interlocked.CompareExchange(ref s_html, copy, snapshot);
                    return copy[key];
                }
                public void B(string key) { var updated = new Dictionary<string, string>(s_html) { [|[key] = _theme|] }; s_html = updated; }
                public void C(string key) { var cache = t_recent ??= new Dictionary<string, string>(); [|cache[key] = _theme|]; }
            }
            """);

    [Fact]
    public Task UnpublishedCopiesAndInstanceCaches_AreNotShared()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Renderer
            {
                private static readonly Dictionary<string, string> s_html = new();
                private readonly Dictionary<string, string> _mine = new();
                private readonly string _theme;
                public Renderer(string theme) => _theme = theme;
                public Dictionary<string, string> A(string key) { var copy = new Dictionary<string, string>(s_html) { [key] = _theme }; return copy; }
                public void B(string key) { var mine = _mine; mine[key] = _theme; }
            }
            """);

    // ---- An interface member called on 'this' runs this type's implementation ----

    [Fact]
    public Task InterfaceMemberOnThis_ComputedFromTheKeyParts_IsNotInstanceState()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public interface IDialect
            {
                int Version { get; }
                string Quote(string name);
                Func<string, string> Formatter { get; }
            }
            public class Dialect : IDialect
            {
                private static readonly ConcurrentDictionary<(int Version, string Name), string> s_quoted = new();
                private static readonly ConcurrentDictionary<(Type Kind, int Version), Func<string, string>> s_formatters = new();
                private static readonly ConcurrentDictionary<(Type Kind, int Version, string Text), string> s_formatted = new();
                protected virtual Type Kind => typeof(Dialect);
                int IDialect.Version => 3;
                string IDialect.Quote(string name) => "[" + name + "]";
                Func<string, string> IDialect.Formatter => s_formatters.GetOrAdd((Kind, ((IDialect)this).Version), static k => t => k.Kind.Name + k.Version + t);
                public string Quoted(string name) => s_quoted.GetOrAdd((((IDialect)this).Version, name), k => ((IDialect)this).Quote(k.Name));
                public string Formatted(string text)
                    => s_formatted.GetOrAdd((Kind, ((IDialect)this).Version, text), static (k, format) => format(k.Text), ((IDialect)this).Formatter);
            }
            """);

    [Fact]
    public Task InterfaceMemberOnThis_ReadingStateTheKeyLacks_OrOverridable_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            public interface IDialect
            {
                string Quote(string name);
                string Prefix { get; }
            }
            public class Dialect : IDialect
            {
                private static readonly ConcurrentDictionary<string, string> s_quoted = new();
                private static readonly ConcurrentDictionary<string, string> s_prefixed = new();
                private readonly string _open;
                public Dialect(string open) => _open = open;
                string IDialect.Quote(string name) => _open + name;
                public virtual string Prefix => "p";
                public string Quoted(string name) => [|s_quoted.GetOrAdd(name, n => ((IDialect)this).Quote(n))|];
                public string Prefixed(string name) => [|s_prefixed.GetOrAdd(name, n => ((IDialect)this).Prefix + n)|];
            }
            """);

    // ---- A lazily computed field ('_x ??= Compute()') stands for the state it is computed from ----

    [Fact]
    public Task LazyFieldComputedFromStateTheKeyCarries_IsNotInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Text.RegularExpressions;
            public sealed class Matcher
            {
                private static readonly ConcurrentDictionary<(string Pattern, string Input), bool> s_matches = new();
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private readonly string _pattern;
                private Regex? _regex;
                private string? _upper;
                public Matcher(string pattern) => _pattern = pattern;
                private Regex Pattern => _regex ??= new Regex(_pattern);
                private string Upper() => _upper ??= _pattern.ToUpperInvariant();
                private Regex? Compiled { get; set; }
                public bool IsMatch(string input) => s_matches.GetOrAdd((_pattern, input), k => Pattern.IsMatch(k.Input));
                public int Length() => s_lengths.GetOrAdd(_pattern, _ => Upper().Length);
                public bool IsCompiledMatch(string input) => s_matches.GetOrAdd((_pattern, input), k => (Compiled ??= new Regex(_pattern, RegexOptions.Compiled)).IsMatch(k.Input));
            }
            """);

    [Fact]
    public Task LazyFieldFromOtherStateAParameterOrAlsoAssignedElsewhere_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Text.RegularExpressions;
            public sealed class Matcher
            {
                private static readonly ConcurrentDictionary<string, bool> s_matches = new();
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private static readonly ConcurrentDictionary<string, string> s_names = new();
                private readonly string _pattern;
                private Regex? _regex;
                private string? _first;
                private string? _label;
                public Matcher(string pattern) => _pattern = pattern;
                private Regex Pattern => _regex ??= new Regex(_pattern);
                public bool IsMatch(string input) => [|s_matches.GetOrAdd(input, i => Pattern.IsMatch(i))|];
                public int Remember(string name)
                {
                    _first ??= name;
                    return [|s_lengths.GetOrAdd(name, _ => _first.Length)|];
                }
                public void Relabel(string label) => _label = label;
                public string Named(string key) => [|s_names.GetOrAdd(key, k => k + (_label ??= "none"))|];
                public Regex? Shared { get; set; }
                public bool SharedMatch(string input) => [|s_matches.GetOrAdd(_pattern + "|" + input, _ => (Shared ??= new Regex(_pattern)).IsMatch(input))|];
            }
            """);

    // ---- A field the only constructor sets to the same value for every instance ----

    [Fact]
    public Task FieldSetByTheOnlyConstructorToAConstantOrStatic_IsTheSameForEveryInstance()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Globalization;
            public sealed class InvariantFormatter
            {
                private static readonly ConcurrentDictionary<int, string> s_cache = new();
                private readonly CultureInfo _culture;
                private readonly string _format;
                public InvariantFormatter()
                {
                    _culture = CultureInfo.InvariantCulture;
                    this._format = "N2";
                }
                public string Format(int n) => s_cache.GetOrAdd(n, x => x.ToString(_format, _culture));
            }
            public sealed class Padder
            {
                private static readonly ConcurrentDictionary<string, string> s_cache = new();
                private readonly int _width;
                public Padder() => _width = 12;
                public string Pad(string text) => s_cache.GetOrAdd(text, t => t.PadLeft(_width));
            }
            """);

    [Fact]
    public Task FieldSetInAConstructorFromAParameterConditionallyOrByOneOfSeveral_IsInstanceState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Globalization;
            public sealed class Formatter
            {
                private static readonly ConcurrentDictionary<int, string> s_cache = new();
                private readonly CultureInfo _culture;
                public Formatter() : this(CultureInfo.InvariantCulture) { }
                public Formatter(CultureInfo culture) => _culture = culture;
                public string Format(int n) => [|s_cache.GetOrAdd(n, x => x.ToString(_culture))|];
            }
            public sealed class Padder
            {
                private static readonly ConcurrentDictionary<string, string> s_cache = new();
                private readonly int _width;
                public Padder(bool wide)
                {
                    if (wide)
                    {
                        _width = 40;
                    }
                    else
                    {
                        _width = 12;
                    }
                }
                public string Pad(string text) => [|s_cache.GetOrAdd(text, t => t.PadLeft(_width))|];
            }
            public sealed class Labeller
            {
                private static readonly ConcurrentDictionary<string, string> s_cache = new();
                private readonly string _suffix;
                public Labeller() { _suffix = "!"; }
                public Labeller(int level) { _suffix = "?"; }
                public string Label(string text) => [|s_cache.GetOrAdd(text, t => t + _suffix)|];
            }
            """);

    // ---- An identifier or instant made for each object is per-instance state ----

    [Fact]
    public Task FieldInitializedWithANewIdentifierOrTheCurrentTime_IsInstanceState()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public sealed class Session
            {
                private static readonly ConcurrentDictionary<string, string> s_labels = new();
                private readonly DateTime _started = DateTime.UtcNow;
                private readonly Guid _id;
                public Session() => _id = Guid.NewGuid();
                public string Label(string name) => [|s_labels.GetOrAdd(name, n => n + "@" + _started.ToString("O"))|];
                public string Tagged(string name) => [|s_labels.GetOrAdd(name, n => n + "#" + _id)|];
            }
            """);

    [Fact]
    public Task FieldInitializedWithAFixedInstantOrIdentifier_IsTheSameForEveryInstance()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            public sealed class Calendar
            {
                private static readonly ConcurrentDictionary<int, string> s_days = new();
                private readonly DateTime _epoch = DateTime.MinValue;
                private readonly DateTimeOffset _unix = DateTimeOffset.UnixEpoch;
                private readonly Guid _none = Guid.Empty;
                private readonly TimeSpan _step = TimeSpan.FromDays(1);
                public string Day(int n) => s_days.GetOrAdd(n, d => (_epoch + _step * d).ToString("O") + _unix.Offset + _none);
            }
            """);

    // ---- Held-out style: service and library code written the way people cache things ----

    [Fact]
    public Task HeldOut_CurrencyConverter_UsesAnInternalRateCache()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            internal static class RateCache
            {
                private static readonly ConcurrentDictionary<string, decimal> s_rates = new(StringComparer.OrdinalIgnoreCase);
                internal static decimal GetOrAdd(string currency, Func<decimal> load) => s_rates.GetOrAdd(currency, _ => load());
            }
            public sealed class CurrencyConverter
            {
                private readonly string _baseCurrency;
                public CurrencyConverter(string baseCurrency) => _baseCurrency = baseCurrency;
                private decimal Fetch(string target) => _baseCurrency.Length + target.Length / 10m;
                public decimal Convert(decimal amount, string target) => amount * [|RateCache.GetOrAdd(target, () => Fetch(target))|];
                public decimal Keyed(decimal amount, string target) => amount * RateCache.GetOrAdd(_baseCurrency + "/" + target, () => Fetch(target));
            }
            """);

    [Fact]
    public Task HeldOut_TenantSettings_KeyedByNameAlone_VersusByTenantAndName()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            public sealed class TenantSettingsProvider
            {
                private static readonly ConcurrentDictionary<string, string> s_byName = new();
                private static readonly ConcurrentDictionary<(string Tenant, string Name), string> s_byTenant = new();
                private static readonly IReadOnlyDictionary<string, string> s_store = new Dictionary<string, string>();
                private readonly string _tenantId;
                public TenantSettingsProvider(string tenantId) => _tenantId = tenantId;
                private string Load(string name) => s_store.TryGetValue(_tenantId + ":" + name, out var value) ? value : "";
                public string Get(string name) => [|s_byName.GetOrAdd(name, n => Load(n))|];
                public string GetForTenant(string name) => s_byTenant.GetOrAdd((_tenantId, name), k => Load(k.Name));
            }
            """);

    [Fact]
    public Task HeldOut_JsonFormatter_ConstantOptionsAndGuards_AreTheSameForEveryInstance()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Text.Json;
            public sealed class JsonFormatter : IDisposable
            {
                private static readonly ConcurrentDictionary<Type, string> s_samples = new();
                private readonly JsonSerializerOptions _options = new JsonSerializerOptions { WriteIndented = true, MaxDepth = 16 };
                private readonly string _name = Guid.NewGuid().ToString();
                private bool _disposed;
                public string Sample(Type type)
                {
                    if (_disposed) throw new ObjectDisposedException(_name);
                    return s_samples.GetOrAdd(type, t => JsonSerializer.Serialize(t.Name, _options));
                }
                public void Dispose() => _disposed = true;
            }
            """);
}
