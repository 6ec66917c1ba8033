using System.Threading.Tasks;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceStateAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0005 through inherited methods and virtual members (issue items 14 and 16).</summary>
public class SharedCacheIgnoresInstanceStateInheritanceTests
{
    // ---- 14. An inherited method that reads base-class state: must flag, like a direct read ----

    [Fact]
    public Task InheritedMethodReadingABaseField_MessageNamesTheStateAndTheMethod()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            abstract class ReportBase
            {
                private readonly string _region;
                protected ReportBase(string region) => _region = region;
                protected string Describe(int id) => _region + ":" + id;
            }
            class SalesReport : ReportBase
            {
                private static readonly ConcurrentDictionary<int, string> s_titles = new();
                public SalesReport(string region) : base(region) { }
                public string Title(int id) => s_titles.GetOrAdd(id, i => Describe(i));
            }
            """,
            Verify.Diagnostic().WithSpan(12, 36, 12, 75).WithMessage(
                "Static cache 's_titles' is keyed by 'id' alone but the value reads 'this._region' through 'Describe': another 'SalesReport' instance whose '_region' differs gets this one's result"));

    [Fact]
    public Task InheritedMethodGroupFactory_AndDirectStore()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Base
            {
                private readonly string _secret = System.Guid.NewGuid().ToString();
                protected string Describe(int i) => _secret + i;
            }
            class Derived : Base
            {
                private static readonly ConcurrentDictionary<int, string> s_cache = new();
                private static readonly Dictionary<int, string> s_store = new();
                public string Get(int i) => [|s_cache.GetOrAdd(i, Describe)|];
                public void Remember(int i) => [|s_store[i] = Describe(i)|];
                public void RememberLocal(int i)
                {
                    var text = Describe(i).Trim();
                    [|s_store[i + 1] = text|];
                }
            }
            """);

    [Fact]
    public Task BaseClassInAnotherFile()
        => new AnalyzerTest<SharedCacheIgnoresInstanceStateAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                class OrdersClient : ClientBase
                {
                    private static readonly ConcurrentDictionary<int, string> s_urls = new();
                    public OrdersClient(string host) : base(host) { }
                    public string Url(int id) => [|s_urls.GetOrAdd(id, i => Resolve("orders/" + i))|];
                }
                """,
                """
                abstract class ClientBase
                {
                    private readonly string _host;
                    protected ClientBase(string host) => _host = host;
                    protected string Resolve(string path) => _host + "/" + path;
                }
                """,
            },
        }.RunAsync();

    [Fact]
    public Task PartialBaseClassSplitOverFiles()
        => new AnalyzerTest<SharedCacheIgnoresInstanceStateAnalyzer>
        {
            Sources =
            {
                """
                partial class Repository
                {
                    private string _schema = "dbo";
                    public void UseSchema(string schema) => _schema = schema;
                }
                """,
                """
                partial class Repository
                {
                    protected string Table(string name) => Quote(_schema) + "." + name;
                    private static string Quote(string part) => "[" + part + "]";
                }
                """,
                """
                using System.Collections.Generic;
                class OrderRepository : Repository
                {
                    private static readonly Dictionary<string, string> s_sql = new();
                    public string Select(string table)
                    {
                        if (!s_sql.TryGetValue(table, out var sql))
                        {
                            sql = "select * from " + Table(table);
                            [|s_sql[table] = sql|];
                        }

                        return sql;
                    }
                }
                """,
            },
        }.RunAsync();

    [Fact]
    public Task GenericBaseClass()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class Repository<T>
            {
                private readonly string _connection;
                protected Repository(string connection) => _connection = connection;
                protected string Load(int id) => _connection + "/" + typeof(T).Name + "/" + id;
            }
            sealed class Order { }
            class OrderRepository : Repository<Order>
            {
                private static readonly ConcurrentDictionary<int, string> s_rows = new();
                public OrderRepository(string connection) : base(connection) { }
                public string Get(int id) => [|s_rows.GetOrAdd(id, i => Load(i))|];
            }
            """);

    [Fact]
    public Task NestedAndGenericDerivedTypes()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Cell<T>
            {
                private T _value = default!;
                public void Set(T value) => _value = value;
                protected string Render(int width) => _value + new string(' ', width);
            }
            class Sheet
            {
                private sealed class NumberCell : Cell<int>
                {
                    private static readonly ConcurrentDictionary<int, string> s_rendered = new();
                    public string Show(int width) => [|s_rendered.GetOrAdd(width, Render)|];
                }
            }
            class LabelCell<T> : Cell<T>
            {
                private static readonly ConcurrentDictionary<int, string> s_rendered = new();
                public string Show(int width) => [|s_rendered.GetOrAdd(width, w => Render(w))|];
            }
            """);

    [Fact]
    public Task ThroughBaseDot_AndThroughABasePropertyGetter()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class Endpoint
            {
                private readonly string _host;
                public Endpoint(string host) => _host = host;
                protected string Root => "https://" + _host;
                protected string Path(string p) => Root + "/" + p;
            }
            class Api : Endpoint
            {
                private static readonly ConcurrentDictionary<string, string> s_paths = new();
                public Api(string host) : base(host) { }
                public string A(string p) => s_paths.GetOrAdd(p, x => base.Path(x));
                public string B(string p) => s_paths.GetOrAdd(p + "?", x => Root + x);
            }
            """,
            Verify.Diagnostic().WithSpan(13, 34, 13, 72).WithMessage(
                "Static cache 's_paths' is keyed by 'p' alone but the value reads 'this._host' through 'Path': another 'Api' instance whose '_host' differs gets this one's result"),
            Verify.Diagnostic().WithSpan(14, 34, 14, 74).WithMessage(
                "Static cache 's_paths' is keyed by 'p + \"?\"' alone but the value reads 'this._host' through 'Root': another 'Api' instance whose '_host' differs gets this one's result"));

    [Fact]
    public Task BaseDotCallsTheBaseBodyNotTheOverride()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class Greeter
            {
                private readonly string _language;
                public Greeter(string language) => _language = language;
                protected virtual string Greet(string name) => "Hello " + name;
                protected virtual string Localize(string name) => _language + ":" + name;
            }
            sealed class LoudGreeter : Greeter
            {
                private static readonly ConcurrentDictionary<string, string> s_greetings = new();
                private readonly string _suffix;
                public LoudGreeter(string language, string suffix) : base(language) => _suffix = suffix;
                protected override string Greet(string name) => base.Greet(name) + _suffix;
                protected override string Localize(string name) => name;
                public string A(string name) => s_greetings.GetOrAdd(name, n => base.Greet(n));
                public string B(string name) => s_greetings.GetOrAdd(name + "!", n => base.Localize(n));
            }
            """,
            Verify.Diagnostic().WithSpan(17, 37, 17, 92).WithMessage(
                "Static cache 's_greetings' is keyed by 'name + \"!\"' alone but the value reads 'this._language' through 'Localize': another 'LoudGreeter' instance whose '_language' differs gets this one's result"));

    [Fact]
    public Task TwoLevelsOfInheritance()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            class TenantScoped
            {
                private readonly string _tenant;
                public TenantScoped(string tenant) => _tenant = tenant;
                protected string Tenant() => _tenant;
            }
            class Keyed : TenantScoped
            {
                public Keyed(string tenant) : base(tenant) { }
                protected string Qualify(string name) => Tenant() + "/" + name;
            }
            class Settings : Keyed
            {
                private static readonly ConcurrentDictionary<string, string> s_values = new();
                public Settings(string tenant) : base(tenant) { }
                public string Get(string name) => s_values.GetOrAdd(name, Qualify);
            }
            """,
            Verify.Diagnostic().WithSpan(17, 39, 17, 71).WithMessage(
                "Static cache 's_values' is keyed by 'name' alone but the value reads 'this._tenant' through 'Qualify': another 'Settings' instance whose '_tenant' differs gets this one's result"));

    [Fact]
    public Task InheritedMethodPassedToAnotherTypesHelper()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            internal static class Rates
            {
                private static readonly ConcurrentDictionary<string, decimal> s_rates = new();
                internal static decimal For(string currency, Func<decimal> load) => s_rates.GetOrAdd(currency, _ => load());
            }
            class PricedBase
            {
                private decimal _markup = 1m;
                public void SetMarkup(decimal markup) => _markup = markup;
                protected decimal Markup() => _markup;
            }
            class PriceList : PricedBase
            {
                public decimal Rate(string currency) => [|Rates.For(currency, () => 1.1m * Markup())|];
                public decimal Keyed(string currency) => Rates.For(currency + Markup(), () => 1.1m * Markup());
            }
            """);

    // ---- 14. Inherited methods that cannot make instances differ: must not flag ----

    [Fact]
    public Task InheritedMethodReadingOnlyStaticsConstantsOrParameters()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Formatter
            {
                private const string Separator = "/";
                private static readonly string s_prefix = System.Environment.MachineName;
                private static int s_calls;
                protected string Join(string a, string b) => a + Separator + b;
                protected string Prefixed(string a) => s_prefix + a + s_calls;
                protected string Twice(string a) => Join(a, a);
                protected string Trimmed(string a) => a.Trim();
            }
            class Paths : Formatter
            {
                private static readonly ConcurrentDictionary<string, string> s_paths = new();
                public string A(string p) => s_paths.GetOrAdd(p, x => Join(x, "index"));
                public string B(string p) => s_paths.GetOrAdd(p + "b", Prefixed);
                public string C(string p) => s_paths.GetOrAdd(p + "c", x => Twice(x) + Trimmed(x));
            }
            """);

    [Fact]
    public Task InheritedMethodReadingStateTheKeyAlsoHolds()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            class Scoped
            {
                private readonly string _tenant;
                public Scoped(string tenant) => _tenant = tenant;
                protected string Tenant => _tenant;
                protected string Qualify(string name) => _tenant + "/" + name;
            }
            class Settings : Scoped
            {
                private static readonly ConcurrentDictionary<string, string> s_values = new();
                private static readonly ConcurrentDictionary<(string, string), string> s_pairs = new();
                public Settings(string tenant) : base(tenant) { }
                public string A(string name) => s_values.GetOrAdd(Qualify(name), k => Qualify(name).ToUpperInvariant());
                public string B(string name) => s_pairs.GetOrAdd((Tenant, name), k => Qualify(k.Item2));
            }
            """);

    [Fact]
    public Task SealedSingletonWithAStatefulBase()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class Configured
            {
                private readonly string _root = System.Environment.CurrentDirectory;
                protected string Resolve(string path) => _root + "/" + path;
            }
            sealed class FileIndex : Configured
            {
                public static readonly FileIndex Instance = new();
                private static readonly ConcurrentDictionary<string, string> s_files = new();
                private FileIndex() { }
                public string Find(string path) => s_files.GetOrAdd(path, Resolve);
            }
            """);

    [Fact]
    public Task NonVirtualMembersInheritedFromAnotherAssemblyAreNotFollowed()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.ObjectModel;
            class Names : Collection<string>
            {
                private static readonly ConcurrentDictionary<string, int> s_positions = new();
                private static readonly ConcurrentDictionary<string, bool> s_known = new();
                public int Position(string name) => s_positions.GetOrAdd(name, n => IndexOf(n) + Count);
                public bool Known(string name) => s_known.GetOrAdd(name, Contains);
            }
            sealed class Label
            {
                private static readonly ConcurrentDictionary<int, string> s_labels = new();
                public string Text(int i) => s_labels.GetOrAdd(i, n => ToString() + n + GetHashCode());
            }
            """);

    // ---- 16. Virtual and abstract members, inherited ones included: must flag ----

    [Fact]
    public Task InheritedVirtualOrAbstractMembers_DependOnTheRuntimeType()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class Shape
            {
                protected abstract double Area(double scale);
                protected virtual string Name => "shape";
                protected virtual string Describe(double scale) => Name + Area(scale);
                protected string Summary(double scale) => "[" + Describe(scale) + "]";
            }
            class Polygon : Shape
            {
                private static readonly ConcurrentDictionary<double, string> s_texts = new();
                protected override double Area(double scale) => scale * 2;
                public string A(double s) => [|s_texts.GetOrAdd(s, x => Area(x).ToString())|];
                public string B(double s) => [|s_texts.GetOrAdd(s + 1, x => Name + x)|];
                public string C(double s) => [|s_texts.GetOrAdd(s + 2, x => Summary(x))|];
            }
            class Widget
            {
                private static readonly ConcurrentDictionary<int, string> s_labels = new();
                public string Text(int i) => [|s_labels.GetOrAdd(i, n => ToString() + n)|];
            }
            """);

    [Fact]
    public Task InheritedMethodCallingAnOverrideOfASealedType_FollowsTheOverride()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class Shape
            {
                protected abstract string Unit();
                protected string Format(double value) => value + Unit();
            }
            sealed class Metric : Shape
            {
                private static readonly ConcurrentDictionary<double, string> s_texts = new();
                protected override string Unit() => "m";
                public string Text(double v) => s_texts.GetOrAdd(v, Format);
            }
            sealed class Custom : Shape
            {
                private static readonly ConcurrentDictionary<double, string> s_texts = new();
                private readonly string _unit;
                public Custom(string unit) => _unit = unit;
                protected override string Unit() => _unit;
                public string Text(double v) => [|s_texts.GetOrAdd(v, Format)|];
            }
            """);

    [Fact]
    public Task InheritedMethodReadingAnAbstractPropertyOfASealedType_FollowsTheOverride()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            abstract class Money
            {
                protected abstract string Symbol { get; }
                protected string Show(decimal value) => Symbol + value;
            }
            sealed class Euro : Money
            {
                private static readonly ConcurrentDictionary<decimal, string> s_texts = new();
                protected override string Symbol => "EUR";
                public string Text(decimal v) => s_texts.GetOrAdd(v, Show);
            }
            sealed class LocalMoney : Money
            {
                private static readonly ConcurrentDictionary<decimal, string> s_texts = new();
                private readonly string _symbol;
                public LocalMoney(string symbol) => _symbol = symbol;
                protected override string Symbol => _symbol;
                public string Text(decimal v) => [|s_texts.GetOrAdd(v, Show)|];
            }
            """);
}
