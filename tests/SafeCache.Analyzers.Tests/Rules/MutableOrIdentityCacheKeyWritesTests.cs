using System.Threading.Tasks;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.MutableOrIdentityCacheKeyAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>
/// SC0004, case 2, for hashed fields only this assembly can assign: a write counts when it can change the hash of an
/// object that may be a stored key (the hash that runs for the written object's type, or a subclass's, reads the field).
/// </summary>
public class MutableOrIdentityCacheKeyWritesTests
{
    // An interpreter's value hierarchy: the base hashes its type tag; objects hash by identity and toggle flags in it.
    private const string Values = """
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;

        enum Tags { Number = 1, String = 2, Object = 4, Exotic = 8, Callable = 16 }

        abstract class Value
        {
            internal Tags _type;
            protected Value(Tags type) { _type = type; }
            public override bool Equals(object? obj) => obj is Value v && v._type == _type;
            public override int GetHashCode() => _type.GetHashCode();
        }

        sealed class NumberValue : Value
        {
            public NumberValue() : base(Tags.Number) { }
        }

        class ObjectValue : Value
        {
            public ObjectValue() : base(Tags.Object) { }
            public override bool Equals(object? obj) => ReferenceEquals(this, obj);
            public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);
            protected void SetSemantics(bool exotic) { _type = exotic ? _type | Tags.Exotic : _type & ~Tags.Exotic; }
        }

        """;

    private const string CacheByValue = """

        static class Interned
        {
            private static readonly Dictionary<{|SC0004:Value|}, string> s_names = new();
            public static string Name(Value v) => s_names.TryGetValue(v, out var n) ? n : "";
        }
        """;

    private const string CacheByValueNotFlagged = """

        static class Interned
        {
            private static readonly Dictionary<Value, string> s_names = new();
            public static string Name(Value v) => s_names.TryGetValue(v, out var n) ? n : "";
        }
        """;

    // ---- not flagged: no write can change the hash of a key ----

    [Fact]
    public Task WriteInASubclassWhoseHashIsIdentity_ImplicitAndExplicitThis()
        => Verify.VerifyAsync(Values + """
            class FunctionValue : ObjectValue
            {
                public void MarkCallable() => this._type |= Tags.Callable;
                public void Reset() { _type &= ~Tags.Callable; }
            }
            """ + CacheByValueNotFlagged);

    [Fact]
    public Task WriteThroughAReceiverWhoseTypeHashesByIdentity()
        => Verify.VerifyAsync(Values + """
            static class Snapshot
            {
                public static void Restore(ObjectValue global, bool exotic)
                {
                    if (exotic) global._type |= Tags.Exotic;
                    else global._type &= ~Tags.Exotic;
                }
            }
            """ + CacheByValueNotFlagged);

    [Fact]
    public Task WriteInAPrivateHelperOnlyConstructorsCall()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            sealed class Shape
            {
                private int _sides;
                internal string _name;
                public Shape(int sides) { _name = ""; Init(sides); }
                public Shape(string name) : this(0) { _name = name; }
                private void Init(int sides) { _sides = sides; Name(); }
                private void Name() => _name = _sides + "-gon";
                public override bool Equals(object? obj) => obj is Shape s && s._sides == _sides && s._name == _name;
                public override int GetHashCode() => HashCode.Combine(_sides, _name);
            }
            static class Areas
            {
                private static readonly Dictionary<Shape, double> s_areas = new();
                public static double Area(Shape s) => s_areas.TryGetValue(s, out var a) ? a : 0;
                public static Shape Make(int sides) => new Shape(sides) { _name = "custom" };
            }
            """);

    [Fact]
    public Task WriteInAProtectedHelperOnlyASubclassConstructorCalls()
        => Verify.VerifyAsync(Values + """
            class ProxyValue : Value
            {
                public ProxyValue(bool exotic) : base(Tags.Object) { Configure(exotic); }
                protected void Configure(bool exotic) { if (exotic) _type |= Tags.Exotic; }
            }
            """ + CacheByValueNotFlagged);

    [Fact]
    public Task NonReadonlyInternalField_WrittenOnlyWhileBuilt()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            sealed class Coordinate
            {
                internal int _x;
                private int _y;
                public Coordinate(int x, int y) { _x = x; this._y = y; }
                public override bool Equals(object? obj) => obj is Coordinate c && c._x == _x && c._y == _y;
                public override int GetHashCode() => HashCode.Combine(_x, _y);
                public Coordinate With(int y) => new Coordinate(_x, y) { _x = _x };
            }
            class Grid
            {
                private readonly Dictionary<Coordinate, char> _cells = new();
                public char At(Coordinate c) => _cells.TryGetValue(c, out var ch) ? ch : ' ';
            }
            """);

    // ---- flagged: a write can change the hash of a stored key ----

    [Fact]
    public Task WriteInTheKeyTypeItself_AfterConstruction()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            class Value
            {
                internal int _type;
                public Value(int type) { _type = type; }
                internal void Promote() { this._type++; }
                public override bool Equals(object? obj) => obj is Value v && v._type == _type;
                public override int GetHashCode() => _type;
            }
            """ + CacheByValue);

    [Fact]
    public Task WriteThroughAReceiverOfTheBaseType()
        => Verify.VerifyAsync(Values + """
            static class Retag
            {
                public static void Apply(Value v) => v._type = Tags.String;
            }
            """ + CacheByValue);

    [Fact]
    public Task WriteInASubclassThatInheritsTheHash()
        => Verify.VerifyAsync(Values + """
            sealed class StringValue : Value
            {
                public StringValue() : base(Tags.String) { }
                public void Intern() => _type |= Tags.Exotic;
            }
            """ + CacheByValue);

    [Fact]
    public Task WriteInASubclassWhoseHashCallsTheBaseHash()
        => Verify.VerifyAsync(Values + """
            sealed class StringValue : Value
            {
                private readonly string _text;
                public StringValue(string text) : base(Tags.String) { _text = text; }
                public override bool Equals(object? obj) => base.Equals(obj) && obj is StringValue s && s._text == _text;
                public override int GetHashCode() => base.GetHashCode() ^ _text.GetHashCode();
                public void Intern() { this._type |= Tags.Exotic; }
            }
            """ + CacheByValue);

    [Fact]
    public Task WriteInAnIdentityHashedType_WhenASubclassHashesTheFieldAgain()
        => Verify.VerifyAsync(Values + """
            sealed class BoxedValue : ObjectValue
            {
                public override bool Equals(object? obj) => obj is BoxedValue b && b._type == _type;
                public override int GetHashCode() => (int)_type;
                public void Box() => SetSemantics(true);
            }
            """ + CacheByValue);

    [Fact]
    public Task HelperCalledByAConstructorAndLater_IsNotConstruction()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            sealed class Shape
            {
                private int _sides;
                public Shape(int sides) { Init(sides); }
                private void Init(int sides) { _sides = sides; }
                public void Grow() => Init(_sides + 1);
                public override bool Equals(object? obj) => obj is Shape s && s._sides == _sides;
                public override int GetHashCode() => _sides;
            }
            static class Areas
            {
                private static readonly Dictionary<{|SC0004:Shape|}, double> s_areas = new();
                public static double Area(Shape s) => s_areas.TryGetValue(s, out var a) ? a : 0;
            }
            """);

    [Fact]
    public Task WriteInALambdaOfTheConstructor_OrThroughAnotherInstance_IsNotConstruction()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            sealed class Counter
            {
                private int _count;
                internal int _step;
                public Counter(Counter? previous)
                {
                    Tick = () => _count++;
                    if (previous != null) previous._step = 2;
                }
                public Action Tick { get; }
                public override bool Equals(object? obj) => obj is Counter c && c._count == _count && c._step == _step;
                public override int GetHashCode() => HashCode.Combine(_count, _step);
            }
            static class Totals
            {
                private static readonly Dictionary<{|SC0004:Counter|}, int> s_totals = new();
                public static int Total(Counter c) => s_totals.TryGetValue(c, out var t) ? t : 0;
            }
            """);

    [Fact]
    public Task PublicFieldNeverWrittenHere_OtherAssembliesCanWriteIt()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            public sealed class Slot
            {
                public int Index;
                public override bool Equals(object? obj) => obj is Slot s && s.Index == Index;
                public override int GetHashCode() => Index;
            }
            static class Slots
            {
                private static readonly Dictionary<{|SC0004:Slot|}, string> s_names = new();
                public static string Name(Slot s) => s_names.TryGetValue(s, out var n) ? n : "";
            }
            """);

    [Fact]
    public Task InternalSetters_SetOnlyAtConstructionOrByDeserialization_AreStable()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            public abstract class Entity
            {
                public ulong Id { get; internal set; }
                public override bool Equals(object? obj) => obj is Entity e && e.Id == Id;
                public override int GetHashCode() => Id.GetHashCode();
            }
            public sealed class Webhook : Entity
            {
                public Webhook() { }
                internal Webhook(ulong id) { Id = id; }
            }
            public static class Hooks
            {
                private static readonly Dictionary<Webhook, string> s_names = new();
                public static Webhook Create(ulong id) => new Webhook { Id = id };
                public static string Name(Webhook hook) => s_names.TryGetValue(hook, out var n) ? n : "";
            }
            """);

    [Fact]
    public Task InternalSetters_AssignedAfterConstruction_AndPublicSetters_AreMutable()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            public sealed class Webhook
            {
                public ulong Id { get; internal set; }
                public override bool Equals(object? obj) => obj is Webhook e && e.Id == Id;
                public override int GetHashCode() => Id.GetHashCode();
            }
            sealed class Tag
            {
                public string Name { get; set; } = "";
                public override bool Equals(object? obj) => obj is Tag t && t.Name == Name;
                public override int GetHashCode() => Name.GetHashCode();
            }
            public static class Hooks
            {
                private static readonly Dictionary<[|Webhook|], string> s_names = new();
                private static readonly Dictionary<[|Tag|], int> s_tags = new();
                public static void Rename(Webhook hook, ulong id) => hook.Id = id;
                public static string Name(Webhook hook) => s_names.TryGetValue(hook, out var n) ? n : "";
                internal static int Count(string name) => s_tags.TryGetValue(new Tag { Name = name }, out var c) ? c : 0;
            }
            """);

    [Fact]
    public Task CopyOnWriteCache_IsReportedOnceAtTheField_NotAgainAtItsCopies()
        => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading;
            public sealed class TypeKey
            {
                public TypeKey(string from, string to) { From = from; To = to; }
                public string From { get; set; }
                public string To { get; set; }
                public override bool Equals(object? obj) => obj is TypeKey k && k.From == From && k.To == To;
                public override int GetHashCode() => (From, To).GetHashCode();
            }

            public static class Converters
            {
                private static Dictionary<[|TypeKey|], string> s_cache = new();

                public static string Get(string from, string to)
                {
                    var key = new TypeKey(from, to);
                    if (s_cache.TryGetValue(key, out var name)) return name;
                    name = from + "->" + to;
                    Dictionary<TypeKey, string> snapshot, copy;
                    do
                    {
                        snapshot = s_cache;
                        copy = new Dictionary<TypeKey, string>(s_cache) { [key] = name };
                    }
                    while (!ReferenceEquals(Interlocked.CompareExchange(ref s_cache, copy, snapshot), snapshot));

                    var alias = s_cache;
                    return alias.Count > 0 ? name : "";
                }

                // A local dictionary of its own is judged as a cache of its own.
                public static int Local(string from)
                {
                    Dictionary<[|TypeKey|], int> own = new();
                    own[new TypeKey(from, from)] = 1;
                    return own.Count;
                }
            }
            """);

    [Fact]
    public Task WhatAPropertySetterDoes_IsNotWhatTheHashReads()
        => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            public abstract class Registration
            {
                private string _name = "";
                protected Registration(Type serviceType) { ServiceType = serviceType; }
                public Type ServiceType { get; }
                public int Hash { get; set; }

                // The setter recomputes a cached hash; the getter is what GetHashCode reads.
                public string Name { get => _name; set { _name = value; Hash = GetHashCode(); } }
                public sealed override int GetHashCode() => Combine(ServiceType, Name);
                public static int Combine(Type serviceType, string? name) => serviceType.GetHashCode() ^ (name ?? "default").GetHashCode();
            }

            public abstract class Service
            {
                protected Service(Type serviceType) { ServiceType = serviceType; }
                public Type ServiceType { get; }
                public int Hash { get; set; }
                public string Label { get => ""; set => Hash = GetHashCode(); }
                public sealed override int GetHashCode() => ServiceType.GetHashCode();
            }

            public class Tracker
            {
                private readonly Dictionary<{|#0:Registration|}, string> _byRegistration = new();
                private readonly Dictionary<Service, string> _byService = new();
                public void Track(Registration r, Service s) { _byRegistration[r] = r.Name; _byService[s] = s.Label; }
            }
            """,
            Verify.Diagnostic("SC0004").WithLocation(0).WithArguments("_byRegistration", "Registration", "Registration._name"));
}
