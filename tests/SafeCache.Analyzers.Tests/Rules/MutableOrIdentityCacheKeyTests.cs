using System.Threading.Tasks;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.MutableOrIdentityCacheKeyAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

public class MutableOrIdentityCacheKeyTests
{
    // ---- 1. A cache declared with a collection key, created without a comparer ----

    [Fact]
    public Task DomainClassThatAlsoImplementsIList_IsAnIdentityKeyOnPurpose()
        => Verify.VerifyAsync(
            """
            using System.Collections;
            using System.Collections.Generic;

            // A document node is a collection of its children, but it is the node itself that is the key.
            class Node : IList<Node>
            {
                private readonly List<Node> _children = new();
                public Node this[int index] { get => _children[index]; set => _children[index] = value; }
                public int Count => _children.Count;
                public bool IsReadOnly => false;
                public void Add(Node item) => _children.Add(item);
                public void Clear() => _children.Clear();
                public bool Contains(Node item) => _children.Contains(item);
                public void CopyTo(Node[] array, int arrayIndex) => _children.CopyTo(array, arrayIndex);
                public IEnumerator<Node> GetEnumerator() => _children.GetEnumerator();
                public int IndexOf(Node item) => _children.IndexOf(item);
                public void Insert(int index, Node item) => _children.Insert(index, item);
                public bool Remove(Node item) => _children.Remove(item);
                public void RemoveAt(int index) => _children.RemoveAt(index);
                IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
            }

            class Writer
            {
                private Dictionary<Node, Dictionary<string, int>>? _duplicateIndexes;

                public int IndexOf(Node parent, string name)
                {
                    _duplicateIndexes ??= new Dictionary<Node, Dictionary<string, int>>();
                    if (!_duplicateIndexes.TryGetValue(parent, out var indexes))
                    {
                        indexes = new Dictionary<string, int>();
                        _duplicateIndexes.Add(parent, indexes);
                    }

                    return indexes.TryGetValue(name, out var i) ? i : -1;
                }
            }
            """);

    [Fact]
    public Task ClassDerivedFromList_IsStillACollectionKey()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;

            class Route : List<int> { }

            static class Planner
            {
                private static readonly Dictionary<{|SC0004:Route|}, string> s_plans = new();
                public static string Plan(Route route) => s_plans.TryGetValue(route, out var plan) ? plan : "";
            }
            """);

    [Fact]
    public Task ArrayKey_StaticField_MessageNamesKeyTypeAndConsequence()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;
            static class Planner
            {
                private static readonly Dictionary<int[], string> s_plans = new();
                public static string Plan(int[] ids) => s_plans.TryGetValue(ids, out var plan) ? plan : "";
            }
            """,
            Verify.Diagnostic().WithSpan(4, 40, 4, 45)
                .WithMessage("Cache 's_plans' compares its 'int[]' keys by reference: a new array with the same numbers never finds the cached entry"));

    [Fact]
    public Task ListKey_InstanceField_ExplicitCreation()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            class Routes
            {
                private readonly ConcurrentDictionary<{|SC0004:List<string>|}, int> _routes = new ConcurrentDictionary<List<string>, int>();
                public int Find(List<string> segments) => _routes.GetOrAdd(segments, s => s.Count);
            }
            """);

    [Fact]
    public Task HashSetKey_Local_WithVar_ReportsOnTheCreationsKeyType()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Groups
            {
                public int Count(IEnumerable<HashSet<int>> groups)
                {
                    var seen = new Dictionary<{|SC0004:HashSet<int>|}, int>();
                    foreach (var g in groups) seen[g] = g.Count;
                    return seen.Count;
                }
            }
            """);

    [Fact]
    public Task ArrayKey_LruCache_WithoutComparer()
        => Verify.VerifyAsync("""
            using SafeCache;
            static class Plans
            {
                private static readonly LruCache<{|SC0004:string[]|}, int> s_plans = new(100);
                public static int Get(string[] path) => s_plans.GetOrAdd(path, p => p.Length);
            }
            """);

    [Fact]
    public Task StringBuilderKey_CreatedInConstructor_ReportsOnTheCreation()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Text;
            class Templates
            {
                private readonly Dictionary<StringBuilder, string> _rendered;
                public Templates() { _rendered = {|SC0004:new()|}; }
                public string Render(StringBuilder b) => _rendered.TryGetValue(b, out var s) ? s : "";
            }
            """);

    [Fact]
    public Task ArrayKey_NeverAssigned_ReportsTheDeclaration()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class Lookup
            {
                private static Dictionary<{|SC0004:byte[]|}, string>? s_names;
                public static string? Name(byte[] hash) => s_names != null && s_names.TryGetValue(hash, out var n) ? n : null;
            }
            """);

    [Fact]
    public Task ImmutableArrayKey_WithoutComparer_ComparesTheWrappedArray()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Immutable;
            static class Signatures
            {
                private static readonly ConcurrentDictionary<{|SC0004:ImmutableArray<string>|}, int> s_ids = new();
                public static int Id(ImmutableArray<string> parts) => s_ids.GetOrAdd(parts, p => p.Length);
            }
            """);

    // ---- 1. not flagged: a comparer is given, or the cache compares by identity on purpose ----

    [Fact]
    public Task ArrayKey_WithSequenceEqualityComparer_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using SafeCache;
            static class Planner
            {
                private static readonly Dictionary<int[], string> s_plans = new(SequenceEqualityComparer<int>.Default);
                private static readonly LruCache<int[], string> s_lru = new(64, SequenceEqualityComparer<int>.Default);
                public static string Plan(int[] ids) => s_plans.TryGetValue(ids, out var plan) ? plan : s_lru[ids];
            }
            """);

    [Fact]
    public Task ArrayKey_ComparerFromConstructorParameter_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Planner
            {
                private readonly Dictionary<int[], string> _plans;
                public Planner(IEqualityComparer<int[]> comparer) => _plans = new Dictionary<int[], string>(comparer);
                public string Plan(int[] ids) => _plans.TryGetValue(ids, out var plan) ? plan : "";
            }
            """);

    [Fact]
    public Task ArrayKey_ComparerFromStaticField_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            static class Planner
            {
                private sealed class ByContent : IEqualityComparer<long[]>
                {
                    public bool Equals(long[]? x, long[]? y) => x!.SequenceEqual(y!);
                    public int GetHashCode(long[] obj) => obj.Length;
                }
                private static readonly IEqualityComparer<long[]> s_byContent = new ByContent();
                private static readonly ConcurrentDictionary<long[], string> s_plans = new(s_byContent);
                public static string Plan(long[] ids) => s_plans.GetOrAdd(ids, i => i.Length.ToString());
            }
            """);

    [Fact]
    public Task ImmutableArrayKey_WithSequenceEqualityComparer_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Immutable;
            using SafeCache;
            static class Signatures
            {
                private static readonly ConcurrentDictionary<ImmutableArray<string>, int> s_ids = new(SequenceEqualityComparer<string>.Default);
                public static int Id(ImmutableArray<string> parts) => s_ids.GetOrAdd(ImmutableArray.Create("a", "b"), p => p.Length);
            }
            """);

    [Fact]
    public Task ConditionalWeakTable_IsIdentityByDesign()
        => Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            static class Tags
            {
                private static readonly ConditionalWeakTable<int[], object> s_tags = new();
                public static object Tag(int[] buffer) => s_tags.GetValue(buffer, b => new object());
            }
            """);

    [Fact]
    public Task ArrayKey_CacheHandedInByTheCaller_IsNotJudged()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Planner
            {
                private readonly IDictionary<int[], string> _plans;
                public Planner(IDictionary<int[], string> plans) => _plans = plans;
                public string Plan(int[] ids) => _plans.TryGetValue(ids, out var plan) ? plan : "";
            }
            """);

    [Fact]
    public Task StringPrimitiveEnumAndTupleKeys_AreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            static class Schedules
            {
                private static readonly ConcurrentDictionary<(string Name, int Week, DayOfWeek Day), string> s_slots = new();
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private static readonly ConcurrentDictionary<Guid, int> s_ids = new();
                public static string Slot(string name, int week, DayOfWeek day)
                    => s_slots.GetOrAdd((name, week, day), k => k.Name + k.Week) + s_lengths.GetOrAdd(name, n => n.Length) + s_ids.GetOrAdd(Guid.Empty, _ => 1);
            }
            """);

    [Fact]
    public Task TypeAndMemberInfoKeys_AreCanonicalIdentities()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;
            static class Reflection
            {
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();
                private static readonly ConcurrentDictionary<MethodInfo, int> s_arity = new();
                private static readonly ConcurrentDictionary<MemberInfo, string> s_names = new();
                public static PropertyInfo[] Properties(Type type) => s_properties.GetOrAdd(type, t => t.GetProperties());
                public static int Arity(MethodInfo method) => s_arity.GetOrAdd(method, m => m.GetParameters().Length);
                public static string Name(Type type) => s_names.GetOrAdd(type.GetMethods()[0], s => s.Name);
            }
            """);

    // ---- 2. A key type whose hash code reads mutable state ----

    [Fact]
    public Task ClassKey_HashReadsPublicSetter_MessageNamesTheMember()
        => Verify.VerifyAsync(
            """
            using System;
            using System.Collections.Concurrent;
            sealed class ContractOptions
            {
                public bool IgnoreCase { get; set; }
                public Func<string, string>? Selector { get; set; }
                public override bool Equals(object? obj) => obj is ContractOptions o && o.IgnoreCase == IgnoreCase && o.Selector == Selector;
                public override int GetHashCode() => HashCode.Combine(IgnoreCase, Selector);
            }
            static class Contracts
            {
                private static readonly ConcurrentDictionary<ContractOptions, string> s_contracts = new();
                public static string For(ContractOptions options) => s_contracts.GetOrAdd(options, o => o.IgnoreCase.ToString());
            }
            """,
            Verify.Diagnostic().WithSpan(12, 50, 12, 65)
                .WithMessage("Cache 's_contracts' is keyed by 'ContractOptions', whose hash code reads 'ContractOptions.IgnoreCase', which can change after the key is stored: the entry is then never found again"));

    [Fact]
    public Task RecordKey_WithSetAccessor_IsMutable()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            record Query(string Text)
            {
                public int Page { get; set; }
            }
            class Search
            {
                private readonly Dictionary<{|SC0004:Query|}, string[]> _results = new();
                public string[] Find(Query q) => _results.TryGetValue(q, out var r) ? r : new string[0];
            }
            """);

    [Fact]
    public Task ClassKey_HashReadsNonReadonlyField()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            sealed class NamingStrategy
            {
                private bool _processDictionaryKeys;
                public void Enable() => _processDictionaryKeys = true;
                public override bool Equals(object? obj) => obj is NamingStrategy s && s._processDictionaryKeys == _processDictionaryKeys;
                public override int GetHashCode() => _processDictionaryKeys ? 1 : 0;
            }
            static class EnumNames
            {
                private static readonly Dictionary<{|SC0004:NamingStrategy|}, string[]> s_names = new();
                public static string[] Names(NamingStrategy s) => s_names.TryGetValue(s, out var n) ? n : new string[0];
            }
            """);

    [Fact]
    public Task ClassKey_HashReadsAMemberWhoseOwnHashIsMutable_Transitively()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class Options
            {
                public string? Prefix { get; set; }
                public override bool Equals(object? obj) => obj is Options o && o.Prefix == Prefix;
                public override int GetHashCode() => Prefix?.GetHashCode() ?? 0;
            }
            sealed class TypeKey
            {
                private readonly Type _type;
                private readonly Options _options;
                public TypeKey(Type type, Options options) { _type = type; _options = options; }
                public override bool Equals(object? obj) => obj is TypeKey k && k._type == _type && k._options.Equals(_options);
                public override int GetHashCode() => HashCode.Combine(_type, _options);
            }
            static class Contracts
            {
                private static readonly ConcurrentDictionary<{|SC0004:TypeKey|}, string> s_contracts = new();
                public static string For(TypeKey key) => s_contracts.GetOrAdd(key, k => k.ToString()!);
            }
            """);

    [Fact]
    public Task StructKey_HashedMemberReferencesMutableObject()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            sealed class Filter
            {
                public string Name { get; set; } = "";
                public override bool Equals(object? obj) => obj is Filter f && f.Name == Name;
                public override int GetHashCode() => Name.GetHashCode();
            }
            readonly struct FilterKey : IEquatable<FilterKey>
            {
                public FilterKey(Filter filter) => Filter = filter;
                public Filter Filter { get; }
                public bool Equals(FilterKey other) => Filter.Equals(other.Filter);
                public override bool Equals(object? obj) => obj is FilterKey k && Equals(k);
                public override int GetHashCode() => Filter.GetHashCode();
            }
            class Results
            {
                private readonly Dictionary<{|SC0004:FilterKey|}, int> _counts = new();
                public int Count(FilterKey key) => _counts.TryGetValue(key, out var n) ? n : 0;
            }
            """);

    // ---- 2. not flagged ----

    private const string MutablePoint = """
        using System;
        using System.Collections.Generic;
        public sealed class GridPoint
        {
            public byte X, Y;
            public override bool Equals(object? obj) => obj is GridPoint p && p.X == X && p.Y == Y;
            public override int GetHashCode() => HashCode.Combine(X, Y);
        }

        """;

    [Fact]
    public Task DictionaryNothingReadsOrWritesByKey_IsDataNotACache()
        => Verify.VerifyAsync(MutablePoint + """
            public sealed class BrushSnapshot
            {
                public Dictionary<GridPoint, int> Positions = new();
                public Dictionary<GridPoint, int>? Previous { get; set; }
                public int Count => Positions.Count;
                public IEnumerable<int> Values() => Positions.Values;
            }
            """);

    [Theory]
    [InlineData("snapshot.Positions.TryGetValue(point, out var n) ? n : 0")]
    [InlineData("snapshot.Positions[point]")]
    [InlineData("Through(snapshot, point)")]
    public Task TheSameDictionary_LookedUpByKeyAnywhere_IsACache(string lookup)
        => Verify.VerifyAsync(MutablePoint + $$"""
            public sealed class BrushSnapshot
            {
                public Dictionary<{|SC0004:GridPoint|}, int> Positions = new();
            }
            public static class Brushes
            {
                public static int Weight(BrushSnapshot snapshot, GridPoint point) => {{lookup}};
                private static int Through(BrushSnapshot snapshot, GridPoint point)
                {
                    var positions = snapshot.Positions;
                    return positions.ContainsKey(point) ? 1 : 0;
                }
            }
            """);

    [Fact]
    public Task RecordKey_InitOnly_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            record Query(string Text, int Page)
            {
                public string? Culture { get; init; }
            }
            static class Search
            {
                private static readonly ConcurrentDictionary<Query, string> s_results = new();
                public static string Find(string text, int page) => s_results.GetOrAdd(new Query(text, page), q => q.Text);
            }
            """);

    [Fact]
    public Task ClassKey_ReadonlyFieldsPrivateSetterAndLazyHash_AreFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            sealed class RouteKey
            {
                private readonly string _controller;
                private int _hash;
                public RouteKey(string controller, string action) { _controller = controller; Action = action; }
                public string Action { get; private set; }
                public override bool Equals(object? obj) => obj is RouteKey k && k._controller == _controller && k.Action == Action;
                public override int GetHashCode()
                {
                    if (_hash == 0) _hash = HashCode.Combine(_controller, Action);
                    return _hash;
                }
            }
            static class Routes
            {
                private static readonly ConcurrentDictionary<RouteKey, string> s_routes = new();
                public static string Find(string c, string a) => s_routes.GetOrAdd(new RouteKey(c, a), k => k.Action);
            }
            """);

    [Fact]
    public Task StructKey_WithSettableFields_IsCopiedAndFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            struct Cell
            {
                public int Row;
                public int Column { get; set; }
                public override bool Equals(object? obj) => obj is Cell c && c.Row == Row && c.Column == Column;
                public override int GetHashCode() => HashCode.Combine(Row, Column);
            }
            class Sheet
            {
                private readonly Dictionary<Cell, double> _values = new();
                public double Get(Cell c) => _values.TryGetValue(c, out var v) ? v : 0;
            }
            """);

    [Fact]
    public Task ClassKey_ElementWiseEqualityOverReadonlyArray_IsFine()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Linq;
            sealed class Signature
            {
                private readonly Type[] _parameters;
                public Signature(Type[] parameters) => _parameters = parameters;
                public override bool Equals(object? obj) => obj is Signature s && s._parameters.SequenceEqual(_parameters);
                public override int GetHashCode()
                {
                    var hash = new HashCode();
                    foreach (var p in _parameters) hash.Add(p);
                    return hash.ToHashCode();
                }
            }
            static class Methods
            {
                private static readonly ConcurrentDictionary<Signature, string> s_methods = new();
                public static string Find(params Type[] types) => s_methods.GetOrAdd(new Signature(types), s => s.ToString()!);
            }
            """);

    // ---- 3. A fresh identity-compared key at a read or write of a shared cache ----

    [Fact]
    public Task NewClassWithoutEquality_AsKey_MessageSaysEveryLookupMisses()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            sealed class PlanKey
            {
                public PlanKey(int from, int to) { From = from; To = to; }
                public int From { get; }
                public int To { get; }
            }
            static class Planner
            {
                private static readonly ConcurrentDictionary<PlanKey, string> s_plans = new();
                public static string Plan(int from, int to) => s_plans.GetOrAdd(new PlanKey(from, to), k => k.From + "-" + k.To);
            }
            """,
            Verify.Diagnostic().WithSpan(11, 69, 11, 90)
                .WithMessage("Cache 's_plans' compares 'PlanKey' keys by reference: this new key never equals a stored one, so the lookup always misses and the cache only grows"));

    [Fact]
    public Task NewArrayAndCollectionExpression_AsKeys_OfSharedCache()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            static class Planner
            {
                private static readonly Dictionary<{|SC0004:int[]|}, string> s_plans = new();
                public static string Plan(int a, int b)
                {
                    if (s_plans.TryGetValue({|SC0004:new[] { a, b }|}, out var plan)) return plan;
                    s_plans[{|SC0004:[a, b]|}] = plan = a + "-" + b;
                    return plan;
                }
            }
            """);

    [Fact]
    public Task NewListInsideTupleKey_OfObjectKeyedCache()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            static class Reports
            {
                private static readonly ConcurrentDictionary<(string, List<int>), string> s_reports = new();
                public static string Report(string name, int year)
                    => s_reports.GetOrAdd({|SC0004:(name, new List<int> { year, year + 1 })|}, k => k.Item1);
            }
            """);

    [Fact]
    public Task NewClassKeyHeldInALocal_IsReportedOnceWhereItIsMade()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            sealed class Span2 { public int From; public int To; }
            static class Spans
            {
                private static readonly Dictionary<Span2, int> s_lengths = new();
                public static int Length(int from, int to)
                {
                    var key = {|SC0004:new Span2 { From = from, To = to }|};
                    if (!s_lengths.TryGetValue(key, out var n))
                    {
                        n = to - from;
                        s_lengths[key] = n;
                    }
                    return n;
                }
                public static int Known(Span2 given, bool fresh)
                {
                    var key = given;
                    var maybe = fresh ? new Span2() : given;
                    return s_lengths.TryGetValue(key, out var n) || s_lengths.TryGetValue(maybe, out n) ? n : -1;
                }
            }
            """);

    // ---- 3. not flagged ----

    [Fact]
    public Task NewRecordOrAnonymousKey_IsComparedByValue()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed record class PlanKey(int From, int To);
            static class Planner
            {
                private static readonly ConcurrentDictionary<PlanKey, string> s_plans = new();
                private static readonly ConcurrentDictionary<object, string> s_any = new();
                public static string Plan(int from, int to)
                    => s_plans.GetOrAdd(new PlanKey(from, to), k => k.From + "-" + k.To) + s_any.GetOrAdd(new { from, to }, k => k.ToString()!);
            }
            """);

    [Fact]
    public Task ExistingGraphNodes_AsKeys_AreFine()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            sealed class Node
            {
                public List<Node> Edges { get; } = new();
            }
            static class Graph
            {
                private static readonly Dictionary<Node, int> s_depth = new();
                public static int Depth(Node node)
                {
                    if (s_depth.TryGetValue(node, out var d)) return d;
                    d = 0;
                    foreach (var next in node.Edges) d = System.Math.Max(d, Depth(next) + 1);
                    s_depth[node] = d;
                    return d;
                }
            }
            """);

    [Fact]
    public Task FreshArrayKey_WithContentComparer_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using SafeCache;
            static class Planner
            {
                private static readonly ConcurrentDictionary<int[], string> s_plans = new(SequenceEqualityComparer<int>.Default);
                public static string Plan(int a, int b) => s_plans.GetOrAdd(new[] { a, b }, k => k.Length.ToString());
            }
            """);

    [Fact]
    public Task FreshClassKey_WithCustomComparerFromConstructorParameter_IsFine()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            sealed class PlanKey
            {
                public PlanKey(int id) => Id = id;
                public int Id { get; }
            }
            sealed class PlanKeyComparer : IEqualityComparer<PlanKey>
            {
                public bool Equals(PlanKey? x, PlanKey? y) => x?.Id == y?.Id;
                public int GetHashCode(PlanKey obj) => obj.Id;
            }
            class Planner
            {
                private static Dictionary<PlanKey, string> s_plans = new();
                public Planner(IEqualityComparer<PlanKey> comparer) => s_plans = new Dictionary<PlanKey, string>(comparer);
                public string Plan(int id) => s_plans.TryGetValue(new PlanKey(id), out var p) ? p : "";
            }
            """);

    [Fact]
    public Task ClearAndRemoveWithFreshKeys_AreNotLookups()
        => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            sealed class PlanKey
            {
                public int Id { get; init; }
            }
            static class Planner
            {
                private static readonly ConcurrentDictionary<PlanKey, string> s_plans = new();
                public static void Forget(int id) => s_plans.TryRemove(new PlanKey { Id = id }, out _);
            }
            """);

    [Fact]
    public Task FreshKey_ForACacheFromAFactoryOrBehindAComputedProperty_IsNotJudged()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            sealed class PlanKey
            {
                public PlanKey(int id) => Id = id;
                public int Id { get; }
            }
            static class Planner
            {
                private static readonly IDictionary<PlanKey, string> s_inner = Create();
                private static IDictionary<PlanKey, string> Cache => s_inner;
                private static IDictionary<PlanKey, string> Create() => new Dictionary<PlanKey, string>();
                public static string Plan(int id)
                    => Cache.TryGetValue(new PlanKey(id), out var p) ? p : s_inner.TryGetValue(new PlanKey(id), out p) ? p : "";
            }
            """);
}
