using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceStateAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

public class SharedCacheIgnoresInstanceStateTests
{
    // ---- What to flag: the value reads instance state the key does not include ----

    [Fact]
    public Task MessageNamesTheStateRead()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class PriceList
            {
                private static readonly ConcurrentDictionary<string, decimal> s_prices = new();
                private readonly string _currency;
                public PriceList(string currency) => _currency = currency;
                public decimal Price(string sku) => s_prices.GetOrAdd(sku, s => Convert(s.Length, _currency));
                private static decimal Convert(decimal amount, string currency) => currency == "EUR" ? amount : amount * 2;
            }
            """,
            Verify.Diagnostic().WithSpan(7, 41, 7, 98).WithMessage(
                "Static cache 's_prices' is keyed by 'sku' alone but the value reads 'this._currency': another 'PriceList' instance whose '_currency' differs gets this one's result"));

    [Fact]
    public Task ProvableSingletonHasNoOtherInstanceToServe()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed class Settings
            {
                public static readonly Settings Instance = new();
                private static readonly ConcurrentDictionary<string, string> s_values = new();
                private readonly string _prefix = System.Environment.MachineName;
                private Settings() { }
                public string Get(string key) => s_values.GetOrAdd(key, k => _prefix + k);
            }
            """);

    [Fact]
    public Task SingletonShapeWithASecondCreationIsFlagged()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed class Settings
            {
                public static readonly Settings Instance = new();
                private static readonly ConcurrentDictionary<string, string> s_values = new();
                private readonly string _prefix;
                private Settings(string prefix = "a") => _prefix = prefix;
                public static Settings ForTests() => new Settings("test");
                public string Get(string key) => [|s_values.GetOrAdd(key, k => _prefix + k)|];
            }
            """);

    [Fact]
    public Task MessageNamesTheMethodThroughWhichStateIsRead()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;
            class PriceList
            {
                private static readonly Dictionary<string, decimal> s_prices = new();
                private decimal _rate;
                public void SetRate(decimal rate) => _rate = rate;
                public void Remember(string sku) => s_prices[sku] = Compute(sku);
                private decimal Compute(string sku) => sku.Length * _rate;
            }
            """,
            Verify.Diagnostic().WithSpan(7, 41, 7, 69).WithMessage(
                "Static cache 's_prices' is keyed by 'sku' alone but the value reads 'this._rate' through 'Compute': another 'PriceList' instance whose '_rate' differs gets this one's result"));

    [Fact]
    public Task InstanceFieldThroughThis_GetOrAddValue()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Greeter
            {
                private static readonly ConcurrentDictionary<string, string> s_greetings = new();
                private readonly string _salutation;
                public Greeter(string salutation) => _salutation = salutation;
                public string Greet(string name) => [|s_greetings.GetOrAdd(name, this._salutation + " " + name)|];
            }
            """);

    [Fact]
    public Task AutoPropertySetInConstructor_IndexerSet()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class TenantReports
            {
                private static readonly Dictionary<int, string> s_titles = new();
                public TenantReports(string tenant) => Tenant = tenant;
                public string Tenant { get; }
                public void Store(int year) => [|s_titles[year] = Tenant + year|];
            }
            """);

    [Fact]
    public Task TryGetValueThenWrite_ThroughLocal()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Converter
            {
                private static readonly Dictionary<decimal, decimal> s_converted = new();
                private readonly decimal _rate;
                public Converter(decimal rate) => _rate = rate;
                public decimal Convert(decimal amount)
                {
                    if (!s_converted.TryGetValue(amount, out var result))
                    {
                        var rate = _rate;
                        result = amount * rate;
                        [|s_converted[amount] = result|];
                    }
                    return result;
                }
            }
            """);

    [Fact]
    public Task TransitiveThroughMethodsAndComputedProperty()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Catalog
            {
                private static readonly ConcurrentDictionary<string, string> s_labels = new();
                private string _locale = "en";
                public void SwitchTo(string locale) => _locale = locale;
                private string Prefix => Culture() + ":";
                private string Culture() => Normalize(_locale);
                private static string Normalize(string s) => s.ToUpperInvariant();
                public string Label(string key) => [|s_labels.GetOrAdd(key, k => Prefix + k)|];
            }
            """);

    [Fact]
    public Task InstanceMethodGroupAsFactory()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Loader
            {
                private static readonly ConcurrentDictionary<string, string> s_files = new();
                private readonly string _root;
                public Loader(string root) => _root = root;
                public string Load(string name) => [|s_files.GetOrAdd(name, Read)|];
                private string Read(string name) => _root + "/" + name;
            }
            """);

    [Fact]
    public Task FactoryArgumentReadsState()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Scaler
            {
                private static readonly ConcurrentDictionary<int, int> s_scaled = new();
                private readonly int _factor;
                public Scaler(int factor) => _factor = factor;
                public int Scale(int x) => [|s_scaled.GetOrAdd(x, static (k, f) => k * f, _factor)|];
            }
            """);

    [Fact]
    public Task AddOrUpdate()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Counter
            {
                private static readonly ConcurrentDictionary<string, int> s_totals = new();
                private readonly int _weight;
                public Counter(int weight) => _weight = weight;
                public void Hit(string page) => [|s_totals.AddOrUpdate(page, _weight, (_, old) => old + _weight)|];
            }
            """);

    [Fact]
    public Task MemoryCacheGetOrCreateAndSet()
        => Verify.VerifyAsync("""
            using System;
            using Microsoft.Extensions.Caching.Memory;
            class UserDirectory
            {
                private static readonly IMemoryCache s_cache = new MemoryCache(new MemoryCacheOptions());
                private readonly string _domain;
                public UserDirectory(string domain) => _domain = domain;
                public string Find(string user) => [|s_cache.GetOrCreate(user, e =>
                {
                    e.SlidingExpiration = TimeSpan.FromMinutes(5);
                    return user + "@" + _domain;
                })|]!;
                public void Remember(string user) => [|s_cache.Set(user, user + "@" + _domain)|];
            }
            """);

    [Fact]
    public Task LruCache()
        => Verify.VerifyAsync("""
            using SafeCache;
            class Thumbnailer
            {
                private static readonly LruCache<string, string> s_thumbs = new(64);
                private readonly int _size;
                public Thumbnailer(int size) => _size = size;
                public string Thumb(string path) => [|s_thumbs.GetOrAdd(path, p => p + "@" + _size)|];
            }
            """);

    [Fact]
    public Task BaseTypeFieldInSource()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class ClientBase
            {
                protected readonly string BaseUrl;
                protected ClientBase(string baseUrl) => BaseUrl = baseUrl;
            }
            class OrdersClient : ClientBase
            {
                private static readonly ConcurrentDictionary<int, string> s_urls = new();
                public OrdersClient(string baseUrl) : base(baseUrl) { }
                public string Url(int id) => [|s_urls.GetOrAdd(id, i => BaseUrl + "/orders/" + i)|];
            }
            """);

    [Fact]
    public Task BaseTypeAutoPropertyInSource()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Account
            {
                public string Owner { get; set; } = "";
            }
            class Statement : Account
            {
                private static readonly ConcurrentDictionary<int, string> s_headers = new();
                public string Header(int month) => [|s_headers.GetOrAdd(month, m => Owner + " " + m)|];
            }
            """);

    [Fact]
    public Task PrimaryConstructorParameter()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class PriceList(string currency)
            {
                private static readonly ConcurrentDictionary<string, string> s_prices = new();
                public string Price(string sku) => [|s_prices.GetOrAdd(sku, s => s + " " + currency)|];
            }
            """);

    [Fact]
    public Task FieldWithConstantInitializerThatIsReassigned()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Retrier
            {
                private static readonly ConcurrentDictionary<string, int> s_budgets = new();
                private int _retries = 3;
                public void Tune(int retries) => _retries = retries;
                public int Budget(string op) => [|s_budgets.GetOrAdd(op, o => o.Length * _retries)|];
            }
            """);

    [Fact]
    public Task KeyCoversOneFieldButNotTheOther()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Reports
            {
                private static readonly Dictionary<(string, int), string> s_cache = new();
                private readonly string _tenant;
                private readonly string _locale;
                public Reports(string tenant, string locale) { _tenant = tenant; _locale = locale; }
                public void Store(int year) => [|s_cache[(_tenant, year)] = _tenant + _locale + year|];
            }
            """);

    [Fact]
    public Task StructState()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            struct Money
            {
                private static readonly Dictionary<string, string> s_formatted = new();
                private readonly decimal _amount;
                public Money(decimal amount) => _amount = amount;
                public void Format(string culture) => [|s_formatted[culture] = _amount + " " + culture|];
            }
            """);

    [Fact]
    public Task StaticCacheOfAnotherType()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class Caches
            {
                public static readonly Dictionary<string, string> Names = new();
            }
            class Resolver
            {
                private readonly string _prefix;
                public Resolver(string prefix) => _prefix = prefix;
                public void Resolve(string id) => [|Caches.Names[id] = _prefix + id|];
            }
            """);

    [Fact]
    public Task RecordPositionalPropertyAcrossPartialParts()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            partial record Tenant(string Name);
            partial record Tenant
            {
                private static readonly Dictionary<int, string> s_titles = new();
                private string Title(int year) => Name + " " + year;
                public void Store(int year) => [|s_titles[year] = Title(year)|];
            }
            """);

    [Fact]
    public Task RecursiveHelpersTerminate()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Tree
            {
                private static readonly ConcurrentDictionary<int, int> s_depths = new();
                private readonly int _base;
                public Tree(int b) => _base = b;
                private int Even(int n) => n == 0 ? _base : Odd(n - 1);
                private int Odd(int n) => n == 0 ? 0 : Even(n - 1);
                public int Depth(int n) => [|s_depths.GetOrAdd(n, Odd)|];
            }
            """);

    // ---- What NOT to flag ----

    [Fact]
    public Task ValueDependsOnlyOnKeyParametersStaticsAndConstants()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Formatter
            {
                private const string Separator = ":";
                private static readonly string s_prefix = "id";
                private static readonly ConcurrentDictionary<int, string> s_cache = new();
                public string Format(int id, string suffix) => s_cache.GetOrAdd(id, i => s_prefix + Separator + i + Helper(i)) + suffix;
                private static string Helper(int i) => i.ToString();
                public void Store(int id, string label) => s_cache[id] = label + id;
            }
            """);

    [Fact]
    public Task ConstantInitializedReadonlyFieldsAndGetOnlyProperties()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Retrier
            {
                private static readonly ConcurrentDictionary<string, string> s_plans = new();
                private static readonly TimeSpan s_base = TimeSpan.FromSeconds(1);
                private readonly int _retries = 3;
                private readonly TimeSpan _delay = TimeSpan.FromMilliseconds(250);
                private readonly TimeSpan _max = s_base;
                private int _unused;
                private string Name { get; } = "retrier";
                private readonly object _gate = new object();
                public string Plan(string op) => s_plans.GetOrAdd(op, o =>
                {
                    lock (_gate) { }
                    return o + _retries + _delay + _max + Name + _unused;
                });
            }
            """);

    [Fact]
    public Task StateThatIsPartOfTheKey()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Collections.Concurrent;
            class Reports
            {
                private static readonly Dictionary<(string, int), string> s_cache = new();
                private static readonly ConcurrentDictionary<(string, int), string> s_titles = new();
                private readonly string _tenant;
                public Reports(string tenant) => _tenant = tenant;
                private string Tenant => _tenant;
                public void Store(int year) => s_cache[(_tenant, year)] = _tenant + year;
                public string Title(int year)
                {
                    var key = (Tenant, year);
                    return s_titles.GetOrAdd(key, k => Describe() + k.Item2);
                }
                private string Describe() => _tenant.ToUpperInvariant();
            }
            """);

    [Fact]
    public Task PerInstanceCaches()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using SafeCache;
            class PriceList
            {
                private readonly ConcurrentDictionary<string, decimal> _prices = new();
                private readonly LruCache<string, decimal> _recent = new(16);
                private readonly decimal _rate;
                public PriceList(decimal rate) => _rate = rate;
                public decimal Price(string sku) => _prices.GetOrAdd(sku, s => s.Length * _rate);
                public decimal Recent(string sku) => _recent.GetOrAdd(sku, s => s.Length * _rate);
                public decimal Local(string sku)
                {
                    var local = new ConcurrentDictionary<string, decimal>();
                    return local.GetOrAdd(sku, s => s.Length * _rate);
                }
            }
            """);

    [Fact]
    public Task WeakLruCacheIsKeyedByItsOwner()
        => Verify.VerifyAsync("""
            using SafeCache;
            class Thumbnailer
            {
                private static readonly WeakLruCache<Thumbnailer, string, string> s_thumbs = new(64);
                private readonly int _size;
                public Thumbnailer(int size) => _size = size;
                public string Thumb(string path) => s_thumbs.GetOrAdd(this, path, (owner, p) => p + "@" + owner._size + _size);
            }
            """);

    [Fact]
    public Task StaticContexts()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Registry
            {
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private readonly int _offset = Environment.ProcessorCount;
                public static int Length(string s) => s_lengths.GetOrAdd(s, x => x.Length);
                public void Warm(string s)
                {
                    Func<string, int> f = static x => s_lengths.GetOrAdd(x, y => y.Length);
                    f(s);
                }
            }
            """);

    [Fact]
    public Task LoggingAndGuardsDoNotChangeTheValue()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Parser
            {
                private static readonly ConcurrentDictionary<string, int> s_parsed = new();
                private readonly List<string> _log = new();
                private bool _disposed;
                public void Dispose() => _disposed = true;
                public int Parse(string text) => s_parsed.GetOrAdd(text, t =>
                {
                    if (_disposed) throw new ObjectDisposedException(nameof(Parser));
                    _log.Add(t);
                    Trace(t);
                    return int.Parse(t);
                });
                private void Trace(string t) => _log.Add(t);
            }
            """);

    [Fact]
    public Task GeneratedCodeIsNotAnalyzed()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
            class Generated
            {
                private static readonly ConcurrentDictionary<string, string> s_cache = new();
                private readonly string _prefix;
                public Generated(string prefix) => _prefix = prefix;
                public string Get(string key) => s_cache.GetOrAdd(key, k => _prefix + k);
            }
            """);

    [Fact]
    public Task ValueOrKeyHoldingThisIsSc0001sCase()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class Widget
            {
                private static readonly ConcurrentDictionary<(Widget, int), string> s_byOwner = new();
                private static readonly ConcurrentDictionary<int, Func<string>> s_renderers = new();
                private static readonly ConcurrentDictionary<int, Lazy<string>> s_lazy = new();
                private readonly string _name;
                public Widget(string name) => _name = name;
                public string Owned(int id) => s_byOwner.GetOrAdd((this, id), k => _name + k.Item2);
                public Func<string> Renderer(int id) => s_renderers.GetOrAdd(id, i => () => _name + i);
                public Lazy<string> Lazy(int id) => s_lazy.GetOrAdd(id, i => new Lazy<string>(() => _name + i));
            }
            """);

    [Fact]
    public Task HalfTypedCodeDoesNotCrash()
        => new AnalyzerTest<SharedCacheIgnoresInstanceStateAnalyzer>
        {
            CompileBeforeAnalysis = false,
            Sources =
            {
                """
                using System.Collections.Concurrent;
                class PriceList(string currency)
                {
                    private static readonly ConcurrentDictionary<string, Unknown> s_prices = new();
                    private readonly Missing _rate;
                    public void Store(string sku)
                    {
                        s_prices[sku] = _rate.
                        s_prices.GetOrAdd(sku, s => );
                        s_prices.GetOrAdd(sku, Nope, _rate);
                        s_prices[
                """,
            },
        }.RunAsync();

    // ---- SC0001 and SC0005 never fire on the same write ----

    public static IEnumerable<object[]> Sc0005Cases() => new[]
    {
        new object[]
        {
            """
            using System.Collections.Concurrent;
            class PriceList
            {
                private static readonly ConcurrentDictionary<string, decimal> s_prices = new();
                private readonly decimal _rate;
                public PriceList(decimal rate) => _rate = rate;
                public decimal Price(string sku) => s_prices.GetOrAdd(sku, s => s.Length * _rate);
                public void Store(string sku) => s_prices[sku] = sku.Length * _rate;
            }
            """,
        },
        new object[]
        {
            """
            using Microsoft.Extensions.Caching.Memory;
            class UserDirectory(string domain)
            {
                private static readonly IMemoryCache s_cache = new MemoryCache(new MemoryCacheOptions());
                public string Find(string user) => s_cache.GetOrCreate(user, e => user + "@" + domain)!;
                public void Remember(string user) => s_cache.Set(user, Describe(user));
                private string Describe(string user) => user + "@" + domain;
            }
            """,
        },
        new object[]
        {
            """
            using System.Collections.Generic;
            class Converter
            {
                private static readonly Dictionary<decimal, decimal> s_converted = new();
                private readonly decimal _rate;
                public Converter(decimal rate) => _rate = rate;
                public decimal Convert(decimal amount)
                {
                    if (!s_converted.TryGetValue(amount, out var result))
                    {
                        result = amount * _rate;
                        s_converted[amount] = result;
                    }
                    return result;
                }
            }
            """,
        },
    };

    [Theory]
    [MemberData(nameof(Sc0005Cases))]
    public Task Sc0001DoesNotFireWhereSc0005Does(string source)
        => AnalyzerVerifier<SharedCacheCapturesInstanceAnalyzer>.VerifyAsync(source);

    /// <summary>Both analyzers on one compilation: each case gets a diagnostic, and never two on the same write.</summary>
    [Theory]
    [MemberData(nameof(Sc0005Cases))]
    [InlineData("""
        using System.Collections.Concurrent;
        class Widget
        {
            private static readonly ConcurrentDictionary<(Widget, int), string> s_byOwner = new();
            private readonly string _name = System.Guid.NewGuid().ToString();
            public string Owned(int id) => s_byOwner.GetOrAdd((this, id), k => _name + k.Item2);
        }
        """)]
    [InlineData("""
        using System;
        using System.Collections.Generic;
        class Widget
        {
            private static readonly Dictionary<int, Func<string>> s_renderers = new();
            private string _name = "";
            public void Rename(string name) => _name = name;
            public void Register(int id) => s_renderers[id] = () => _name + id;
        }
        """)]
    public async Task Sc0001AndSc0005NeverReportTheSameWrite(string source)
    {
        var compilation = CompilationHelper.CreateCompilation(new[] { source });
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SharedCacheCapturesInstanceAnalyzer(), new SharedCacheIgnoresInstanceStateAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Contains(d.Id, new[] { "SC0001", "SC0005" }));
        Assert.Equal(diagnostics.Length, diagnostics.Select(d => d.Location.SourceSpan).Distinct().Count());
    }
}
