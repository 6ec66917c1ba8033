using System.Threading.Tasks;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.SharedCacheCapturesInstanceAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>SC0001 on the shapes found in open-source code (issue 10).</summary>
public class SharedCacheCapturesInstanceRealCodeTests
{
    // ---- 6. Ephemeron side tables: must not flag ----

    [Fact]
    public Task ConditionalWeakTable_StoringThisUnderAKeyThisOwns_IsAnEphemeronCycle()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            class Proxy
            {
                private static readonly ConditionalWeakTable<object, Proxy> s_proxies = new();
                private static readonly ConditionalWeakTable<object, object> s_owners = new();
                private readonly object _target = new();
                public object Token { get; } = new();
                public void A() => s_proxies.Add(_target, this);
                public void B() => s_owners.AddOrUpdate(this.Token, this);
                public void C() { var self = this; s_proxies.GetValue(self._target, _ => self); }
            }
            """);

    [Fact]
    public Task ConditionalWeakTable_StoringThisUnderAnObjectTheMemberMadeOrLoaded_IsASideTable()
        => Verify.VerifyAsync("""
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;
            sealed class Module { public string Name = ""; }
            sealed class LoadResult { public Module? File; public Exception? Error; }
            static class Loader { public static Task<LoadResult> LoadAsync(string name) => Task.FromResult(new LoadResult { File = new Module { Name = name } }); }
            class LoadedAssembly
            {
                private static readonly ConditionalWeakTable<Module, LoadedAssembly> s_loaded = new();
                private static readonly ConditionalWeakTable<object, LoadedAssembly> s_tokens = new();
                public async Task LoadAsync(string name)
                {
                    LoadResult? result = null;
                    try
                    {
                        var next = await Loader.LoadAsync(name);
                        result = next;
                    }
                    catch (Exception ex)
                    {
                        result = new LoadResult { Error = ex };
                    }

                    if (result.File is { } file)
                    {
                        s_loaded.Add(result.File, this);
                    }
                }

                public void Tag()
                {
                    var token = new object();
                    s_tokens.AddOrUpdate(token, this);
                    s_tokens.AddOrUpdate(new object(), this);
                }
            }
            """);

    [Fact]
    public Task ConditionalWeakTable_StoringThisUnderAnObjectFromOutside_ThroughALocal_KeepsItAlive()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            class Proxy
            {
                private static readonly ConditionalWeakTable<object, Proxy> s_proxies = new();
                private static readonly object s_global = new();
                public static object Shared { get; } = new();
                public void A(object target) { var key = target; [|s_proxies.AddOrUpdate(key, this)|]; }
                public void B() { var key = s_global; [|s_proxies.AddOrUpdate(key, this)|]; }
                public void C(bool which, object target) { var key = which ? new object() : target; [|s_proxies.AddOrUpdate(key, this)|]; }
                public void D() { var key = Shared; [|s_proxies.AddOrUpdate(key, this)|]; }
                public void E(Holder holder) => [|s_proxies.AddOrUpdate(holder.Target, this)|];
            }

            class Holder { public object Target { get; } = new(); }
            """);

    [Fact]
    public Task ConditionalWeakTable_StoringThisUnderAnotherObject_KeepsItAlive()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            class Proxy
            {
                private static readonly ConditionalWeakTable<object, Proxy> s_proxies = new();
                private static readonly object s_global = new();
                public void A(object target) => [|s_proxies.Add(target, this)|];
                public void B() => [|s_proxies.AddOrUpdate(s_global, this)|];
            }
            """);

    // ---- 7. The classic Lazy<T> singleton: must not flag ----

    [Fact]
    public Task LazySingleton_IsTheOnlyInstance()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Registry
            {
                private static readonly Lazy<Registry> s_instance = new(() => new Registry());
                private static readonly ConcurrentDictionary<string, Func<string>> s_handlers = new();
                private Registry() { }
                public static Registry Instance => s_instance.Value;
                public void Add(string name) => s_handlers[name] = () => Describe(name);
                private string Describe(string name) => name + GetHashCode();
            }
            sealed class Other
            {
                private static readonly Lazy<Other> s_instance = new Lazy<Other>(() => new Other(), true);
                private static readonly ConcurrentDictionary<string, Other> s_all = new();
                private Other() { }
                public static Other Instance => s_instance.Value;
                public void Register(string name) => s_all.TryAdd(name, this);
            }
            """);

    [Fact]
    public Task LazySingletonShape_WithASecondCreationOrAPublicConstructor_IsFlagged()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Registry
            {
                private static readonly Lazy<Registry> s_instance = new(() => new Registry());
                private static readonly ConcurrentDictionary<string, Registry> s_all = new();
                private Registry() { }
                public static Registry Instance => s_instance.Value;
                public static Registry ForTests() => new Registry();
                public void Register(string name) => [|s_all.TryAdd(name, this)|];
            }
            sealed class Open
            {
                private static readonly Lazy<Open> s_instance = new(() => new Open());
                private static readonly ConcurrentDictionary<string, Open> s_all = new();
                public static Open Instance => s_instance.Value;
                public void Register(string name) => [|s_all.TryAdd(name, this)|];
            }
            """);

    // ---- 8. 'this' through a local alias: must flag ----

    [Fact]
    public Task AliasOfThis_InKeyStoredLambdaOrLazyFactory()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class View
            {
                private static readonly ConcurrentDictionary<(object, string), string> s_byOwner = new();
                private static readonly ConcurrentDictionary<string, Func<string, string>> s_renderers = new();
                private static readonly ConcurrentDictionary<string, Lazy<string>> s_lazy = new();
                public string Render(string model) => model;
                public void A(string name) { var self = this; [|s_byOwner[(self, name)] = name|]; }
                public void B(string name) { var self = this; [|s_renderers[name] = model => self.Render(model)|]; }
                public void C(string name) { var self = this; [|s_lazy.TryAdd(name, new Lazy<string>(() => self.Render(name)))|]; }
                public void D(string name) { View self = (View)this; [|s_renderers.GetOrAdd(name, _ => m => self.Render(m))|]; }
            }
            """);

    [Fact]
    public Task AliasOfThis_TypedAsABaseClassAnInterfaceOrObject()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            interface IRenderer { string Render(string model); }
            class ViewBase { public virtual string Render(string model) => model; }
            class View : ViewBase, IRenderer
            {
                private static readonly ConcurrentDictionary<string, Func<string, string>> s_renderers = new();
                private static readonly ConcurrentDictionary<string, object> s_owners = new();
                public void A(string name) { ViewBase self = this; [|s_renderers[name] = m => self.Render(m)|]; }
                public void B(string name) { IRenderer self = this; [|s_renderers[name] = m => self.Render(m)|]; }
                public void C(string name) { object self = this; [|s_owners[name] = self|]; }
                public void D(string name) { ViewBase other = new View(); s_renderers[name] = m => other.Render(m); }
            }
            """);

    [Fact]
    public Task LocalsThatAreNotThis_DoNotCapture()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            class View
            {
                private static readonly ConcurrentDictionary<string, Func<string, string>> s_renderers = new();
                public string Render(string model) => model;
                public void A(string name, View other) { var self = other; s_renderers[name] = model => self.Render(model); }
                public void B(string name) { var upper = name.ToUpperInvariant(); s_renderers[name] = model => upper + model; }
                public static void C(string name) { var view = new View(); s_renderers[name] = model => view.Render(model); }
            }
            """);

    // ---- 11 and 13. Copies and aliases of the cache field: must flag ----

    [Fact]
    public Task WritesThroughCopiesAndAliasesOfTheField_AreWritesToTheSharedCache()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            class Widget
            {
                private static Dictionary<string, Widget> s_byName = new();
                private static Dictionary<string, Widget> s_copied = new();
                [ThreadStatic] private static Dictionary<string, Widget>? t_recent;
                public void A(string name) { var updated = new Dictionary<string, Widget>(s_byName) { [|[name] = this|] }; s_byName = updated; }
                public void B(string name)
                {
                    var snapshot = s_copied;
                    var copy = new Dictionary<string, Widget>(snapshot);
                    [|copy[name] = this|];
                    Interlocked.CompareExchange(ref s_copied, copy, snapshot);
                }
                public void C(string name) { var cache = t_recent ??= new Dictionary<string, Widget>(); [|cache[name] = this|]; }
                public void D(string name) { var c = s_byName; [|c.TryAdd(name, this)|]; }
            }
            """);

    [Fact]
    public Task LocalCachesThatAreNotPublished_AreNotShared()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Widget
            {
                private static readonly Dictionary<string, Widget> s_byName = new();
                public Dictionary<string, Widget> A(string name) { var copy = new Dictionary<string, Widget>(s_byName) { [name] = this }; return copy; }
                public void B(string name) { var local = new Dictionary<string, Widget>(); local[name] = this; }
                public void C(string name) { var copy = new Dictionary<string, Widget>(s_byName); copy[name] = this; }
            }
            """);

    // ---- 12. Factories passed into helpers that store them: must flag at the call ----

    [Fact]
    public Task DelegatePassedToAHelperThatStoresItsResultOrItself_HoldsThis()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Client { public Client(object owner) { Owner = owner; } public object Owner { get; } }
            class Service
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private static readonly ConcurrentDictionary<string, Func<string>> s_callbacks = new();
                private static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                private static void Remember(string key, Func<string> callback) => s_callbacks[key] = callback;
                private static Client Create(string key, Func<string, Client> factory) => s_clients.GetOrAdd(key, factory);
                private string Name() => "n";
                public Client A(string key) => [|GetOrCreate(key, () => new Client(this))|];
                public void B(string key) => [|Remember(key, () => Name())|];
                public Client C(string key) { Client Make() => new Client(this); return [|GetOrCreate(key, Make)|]; }
                public Client D(string key) => [|Create(key, k => new Client(this))|];
            }
            """);

    [Fact]
    public Task DelegatePassedToAnotherTypesHelper_HoldsThis()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            sealed class Client { public Client(object owner) { Owner = owner; } public object Owner { get; } }
            internal static class ClientCache
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private static readonly Dictionary<string, Func<string>> s_callbacks = new();
                internal static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                internal static Client Create(string key, Func<string, Client> factory) => s_clients.GetOrAdd(key, factory);
                internal static void Remember(string key, Func<string> callback) { lock (s_callbacks) s_callbacks[key] = callback; }
            }
            class Service
            {
                private string Name() => "n";
                public Client A(string key) => [|ClientCache.GetOrCreate(key, () => new Client(this))|];
                public Client B(string key) => [|ClientCache.Create(key, k => new Client(this))|];
                public void C(string key) => [|ClientCache.Remember(key, () => Name())|];
                public Client D(string key) { Client Make() => new Client(this); return [|ClientCache.GetOrCreate(key, Make)|]; }
                public Client E(string key) { var self = this; return [|ClientCache.GetOrCreate(key, () => new Client(self))|]; }
            }
            """);

    [Fact]
    public Task DelegatePassedToAnotherTypesHelperInAnotherFile_HoldsThis()
        => new Verification.AnalyzerTest<SafeCache.Analyzers.Rules.SharedCacheCapturesInstanceAnalyzer>
        {
            Sources =
            {
                """
                using System;
                using System.Collections.Concurrent;
                internal static class Handlers
                {
                    private static readonly ConcurrentDictionary<string, Func<int>> {|#1:s_handlers = new()|};
                    internal static Func<int> GetOrAdd(string name, Func<int> handler) => s_handlers.GetOrAdd(name, handler);
                }
                """,
                """
                class Widget
                {
                    private int _count;
                    public void Attach(string name) => {|#0:Handlers.GetOrAdd(name, () => _count++)|};
                }
                """,
            },
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("s_handlers", "value", "Widget", "Attach"),
            },
        }.RunAsync();

    [Fact]
    public Task DelegatePassedToAnotherTypesMethod_ThatDoesNotStoreIt_OrDoesNotHoldThis_IsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Runtime.CompilerServices;
            sealed class Client { public Client(object owner) { Owner = owner; } public object Owner { get; } }
            internal static class Helpers
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private static readonly ConditionalWeakTable<object, Client> s_weak = new();
                private static readonly string s_prefix = "p";
                internal static Client Run(Func<Client> factory) => factory();
                internal static Client Logged(string key, Func<Client> factory) { Console.WriteLine(key); return factory(); }
                internal static Client Cached(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                internal static Client Weak(object owner, Func<Client> factory) => s_weak.GetValue(owner, _ => factory());
                internal static string Prefix(Func<string> name) => s_prefix + name();
            }
            sealed class Owner { public Client Build() => new Client(new object()); }
            class Service
            {
                private readonly Owner _owner = new();
                public Client A() => Helpers.Run(() => new Client(this));
                public Client B(string key) => Helpers.Logged(key, () => new Client(this));
                public Client C(string key) => Helpers.Cached(key, () => new Client(key));
                public Client D() => Helpers.Weak(this, () => new Client(this));
                public static Client E(string key) => Helpers.Cached(key, () => new Client(key.Length));
                public string F() => Helpers.Prefix(() => ToString());
            }
            """);

    [Fact]
    public Task DelegateThatDoesNotHoldThis_OrAHelperThatDoesNotStoreIt_IsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Client { public Client(string name) { Name = name; } public string Name { get; } }
            class Service
            {
                private static readonly ConcurrentDictionary<string, Client> s_clients = new();
                private readonly ConcurrentDictionary<string, Client> _own = new();
                private static Client GetOrCreate(string key, Func<Client> factory) => s_clients.GetOrAdd(key, _ => factory());
                private Client Local(string key, Func<Client> factory) => _own.GetOrAdd(key, _ => factory());
                private static Client Run(Func<Client> factory) => factory();
                private string Name() => "n";
                public Client A(string key) => GetOrCreate(key, () => new Client(key));
                public Client B(string key) => Local(key, () => new Client(Name()));
                public Client C() => Run(() => new Client(Name()));
            }
            """);

    // ---- Held-out style: service and library code written the way people cache things ----

    [Fact]
    public Task HeldOut_EventAggregator_SubscribersHandedToAStaticRegistry()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            internal static class Subscriptions
            {
                private static readonly ConcurrentDictionary<string, Action<string>> s_handlers = new();
                internal static void Add(string topic, Action<string> handler) => s_handlers[topic] = handler;
                internal static void Publish(string topic, string message) { if (s_handlers.TryGetValue(topic, out var h)) h(message); }
            }
            public sealed class InboxViewModel
            {
                private int _unread;
                public InboxViewModel() => [|Subscriptions.Add("mail", message => _unread++)|];
                public static void Wire() => Subscriptions.Add("log", message => Console.WriteLine(message));
            }
            """);

    [Fact]
    public Task HeldOut_ViewLocator_StoredFactoriesCapturingTheLocator_ButALazySingletonIsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            public sealed class ViewLocator
            {
                private static readonly Lazy<ViewLocator> s_instance = new(() => new ViewLocator());
                private static readonly Dictionary<string, Func<object>> s_views = new();
                private readonly string _theme = "dark";
                private ViewLocator() { }
                public static ViewLocator Instance => s_instance.Value;
                public object Resolve(string name)
                {
                    if (!s_views.TryGetValue(name, out var factory))
                    {
                        factory = () => name + _theme;
                        s_views[name] = factory;
                    }
                    return factory();
                }
            }
            public sealed class ReportView
            {
                private static readonly Dictionary<string, Func<string>> s_sections = new();
                private readonly string _title = "r";
                public void AddSection(string name) => [|s_sections[name] = () => _title + name|];
            }
            """);
}
