using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class TypeClassifierTests
{
    private const string Source = """
        using System;
        using System.Collections;
        using System.Collections.Concurrent;
        using System.Collections.Frozen;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Collections.ObjectModel;
        using System.Data;
        using System.Linq;
        using System.Text;

        record Point(int X, int Y);
        record Tagged(string Name, ImmutableArray<string> Tags);
        record WithList(List<string> Items);
        record Settable { public int Count { get; set; } }
        record InitOnly { public string Name { get; init; } = ""; }
        sealed class Frozenish { public readonly int A; private readonly string _b = ""; public string B => _b; }
        sealed class Options { public int Retries { get; set; } }
        sealed class OpenField { public int Retries; }
        sealed class PrivateSetter { public int Retries { get; private set; } }
        class Base { public string Name { get; set; } = ""; }
        sealed class Derived : Base { }
        sealed class Valued { public override bool Equals(object? o) => o is Valued; public override int GetHashCode() => 1; }
        sealed class Equatable : IEquatable<Equatable> { public bool Equals(Equatable? other) => other is not null; }
        struct Plain { public int A; public string B; }
        struct HoldsList { public List<int> Items; }
        sealed class Node { public readonly Node? Next; public readonly int Value; }
        sealed class MyList : ICollection<int>
        {
            public int Count => 0;
            public bool IsReadOnly => false;
            public void Add(int item) { }
            public void Clear() { }
            public bool Contains(int item) => false;
            public void CopyTo(int[] array, int index) { }
            public bool Remove(int item) => false;
            public IEnumerator<int> GetEnumerator() => Enumerable.Empty<int>().GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
        enum Color { Red }

        class Holder<T>
        {
            int[] a1; List<string> a2; Dictionary<string, int> a3; HashSet<int> a4; SortedSet<int> a5; SortedDictionary<int, int> a6;
            Queue<int> a7; Stack<int> a8; LinkedList<int> a9; Collection<int> a10; ObservableCollection<int> a11; StringBuilder a12;
            ConcurrentDictionary<int, int> a13; ConcurrentBag<int> a14; DataTable a15; MyList a16; IList<int> a17; ICollection<int> a18;
            IDictionary<string, int> a19; ISet<int> a20; IList a21; int[][] a22;

            string b1; ImmutableArray<int> b2; ImmutableList<int> b3; ImmutableDictionary<int, int> b4; FrozenDictionary<int, int> b5;
            FrozenSet<int> b6; ReadOnlyCollection<int> b7; ReadOnlyDictionary<int, int> b8; Point b9; Tagged b10; InitOnly b11; Frozenish b12;
            int b13; Color b14; DateTime b15; (int, string) b16; KeyValuePair<string, int> b17; Plain b18; Guid b19; int? b20; Node b21;
            Func<int> b22; Type b23; Tuple<string, int> b24;

            IEnumerable<int> c1; IReadOnlyList<int> c2; IReadOnlyCollection<int> c3; IReadOnlyDictionary<int, int> c4; IEnumerable c5; IReadOnlySet<int> c6;

            object d1; T d2; WithList d3; Settable d4; Options d5; HoldsList d6; (int, List<int>) d7; OpenField d8; PrivateSetter d9; Derived d10;
            Valued d11; Equatable d12; Exception d13;
        }
        """;

    private static readonly Lazy<(Compilation Compilation, TypeClassifier Classifier)> Shared = new(() =>
    {
        var harness = ModelHarness.Create(Source);
        return (harness.Compilation, harness.Model.TypeClassifier);
    });

    [Theory]
    [InlineData("a1")] // int[]
    [InlineData("a2")] // List<string>
    [InlineData("a3")] // Dictionary
    [InlineData("a4")] // HashSet
    [InlineData("a5")] // SortedSet
    [InlineData("a6")] // SortedDictionary
    [InlineData("a7")] // Queue
    [InlineData("a8")] // Stack
    [InlineData("a9")] // LinkedList
    [InlineData("a10")] // Collection
    [InlineData("a11")] // ObservableCollection
    [InlineData("a12")] // StringBuilder
    [InlineData("a13")] // ConcurrentDictionary
    [InlineData("a14")] // ConcurrentBag
    [InlineData("a15")] // DataTable
    [InlineData("a16")] // a source ICollection<T> implementer
    [InlineData("a17")] // IList<T>
    [InlineData("a18")] // ICollection<T>
    [InlineData("a19")] // IDictionary<,>
    [InlineData("a20")] // ISet<T>
    [InlineData("a21")] // IList
    [InlineData("a22")] // jagged array
    public void Mutable_collections(string field)
    {
        var type = FieldType(field);
        Assert.True(Classifier.IsMutableCollection(type), type.ToDisplayString());
        Assert.False(Classifier.IsImmutable(type), type.ToDisplayString());
        Assert.False(Classifier.IsReadOnlyView(type), type.ToDisplayString());
    }

    [Theory]
    [InlineData("b1")] // string
    [InlineData("b2")] // ImmutableArray
    [InlineData("b3")] // ImmutableList
    [InlineData("b4")] // ImmutableDictionary
    [InlineData("b5")] // FrozenDictionary
    [InlineData("b6")] // FrozenSet
    [InlineData("b7")] // ReadOnlyCollection
    [InlineData("b8")] // ReadOnlyDictionary
    [InlineData("b9")] // positional record of ints
    [InlineData("b10")] // record of string and ImmutableArray
    [InlineData("b11")] // record with init-only property
    [InlineData("b12")] // class with read-only fields only
    [InlineData("b13")] // int
    [InlineData("b14")] // enum
    [InlineData("b15")] // DateTime
    [InlineData("b16")] // (int, string)
    [InlineData("b17")] // KeyValuePair<string, int>
    [InlineData("b18")] // struct of int and string with public fields: copied on return
    [InlineData("b19")] // Guid
    [InlineData("b20")] // int?
    [InlineData("b21")] // self-referencing read-only node
    [InlineData("b22")] // delegate
    [InlineData("b23")] // Type
    [InlineData("b24")] // Tuple<string, int>
    public void Immutable_values(string field)
    {
        var type = FieldType(field);
        Assert.True(Classifier.IsImmutable(type), type.ToDisplayString());
        Assert.False(Classifier.IsMutableCollection(type), type.ToDisplayString());
        Assert.False(Classifier.IsMutableClass(type), type.ToDisplayString());
    }

    [Theory]
    [InlineData("c1")]
    [InlineData("c2")]
    [InlineData("c3")]
    [InlineData("c4")]
    [InlineData("c5")]
    [InlineData("c6")]
    public void Read_only_views(string field)
    {
        var type = FieldType(field);
        Assert.True(Classifier.IsReadOnlyView(type), type.ToDisplayString());
        Assert.False(Classifier.IsMutableCollection(type), type.ToDisplayString());
        Assert.False(Classifier.IsImmutable(type), type.ToDisplayString());
    }

    [Theory]
    [InlineData("d1")] // object
    [InlineData("d2")] // T
    [InlineData("d3")] // record holding a List<string>
    [InlineData("d4")] // record with a public setter
    [InlineData("d5")] // class with a public setter
    [InlineData("d6")] // struct holding a List<int>
    [InlineData("d7")] // tuple holding a List<int>
    public void Neither_immutable_nor_a_mutable_collection(string field)
    {
        var type = FieldType(field);
        Assert.False(Classifier.IsImmutable(type), type.ToDisplayString());
        Assert.False(Classifier.IsMutableCollection(type), type.ToDisplayString());
        Assert.False(Classifier.IsReadOnlyView(type), type.ToDisplayString());
    }

    [Theory]
    [InlineData("d4", true)] // record with a public setter
    [InlineData("d5", true)] // public setter
    [InlineData("d8", true)] // public non-read-only field
    [InlineData("d10", true)] // inherited public setter
    [InlineData("d9", false)] // private setter
    [InlineData("b11", false)] // init-only
    [InlineData("b12", false)] // read-only fields
    [InlineData("d3", false)] // record without setters (its list is mutable, the record is not)
    [InlineData("b18", false)] // a struct is copied: not a mutable class
    [InlineData("b1", false)] // string
    [InlineData("d1", false)] // object
    public void Mutable_classes(string field, bool expected)
    {
        var type = FieldType(field);
        Assert.True(expected == Classifier.IsMutableClass(type), type.ToDisplayString());
    }

    [Theory]
    [InlineData("a1", true)] // array
    [InlineData("a2", true)] // List<T>
    [InlineData("a3", true)] // Dictionary
    [InlineData("a12", true)] // StringBuilder
    [InlineData("a17", true)] // IList<T>
    [InlineData("c1", true)] // IEnumerable<T>
    [InlineData("b3", true)] // ImmutableList<T>: immutable, yet compared by reference
    [InlineData("d5", true)] // class without Equals
    [InlineData("d13", true)] // Exception
    [InlineData("d11", false)] // overrides Equals and GetHashCode
    [InlineData("d12", false)] // IEquatable<T>
    [InlineData("b9", false)] // record
    [InlineData("d4", false)] // record with a setter: still value equality
    [InlineData("b1", false)] // string
    [InlineData("b13", false)] // int
    [InlineData("b18", false)] // struct
    [InlineData("b22", false)] // delegate
    [InlineData("b23", false)] // Type overrides Equals
    [InlineData("d1", false)] // object: unknown
    [InlineData("d2", false)] // type parameter: unknown
    public void Identity_comparison(string field, bool expected)
    {
        var type = FieldType(field);
        Assert.True(expected == Classifier.IsComparedByIdentity(type), type.ToDisplayString());
    }

    [Fact]
    public void Null_and_error_types_are_unknown()
    {
        Assert.False(Classifier.IsMutableCollection(null));
        Assert.False(Classifier.IsImmutable(null));
        Assert.False(Classifier.IsMutableClass(null));
        Assert.False(Classifier.IsComparedByIdentity(null));
        Assert.False(Classifier.IsReadOnlyView(null));

        var error = Shared.Value.Compilation.CreateErrorTypeSymbol(null, "Missing", 0);
        Assert.False(Classifier.IsMutableCollection(error));
        Assert.False(Classifier.IsImmutable(error));
        Assert.False(Classifier.IsComparedByIdentity(error));
    }

    [Fact]
    public void Read_only_interface_members_and_the_reading_members_of_mutable_collections_are_reads()
    {
        var harness = ModelHarness.Create("""
            using System.Collections.Generic;
            class C
            {
                bool A(Dictionary<string, int> d) => d.TryGetValue("a", out _) && d.ContainsKey("b");
                bool B(HashSet<int> s, List<int> l) => s.Contains(1) && l.Contains(1);
                int E(List<int> l, IList<int> i) => l.IndexOf(1) + i.IndexOf(2) + (l.Exists(x => x > 0) ? 1 : 0);
                void D(Dictionary<string, int> d) => d.Remove("a");
                bool F(List<int> l) => l.Remove(1);
            }
            """);
        var classifier = harness.Model.TypeClassifier;
        IMethodSymbol Target(string member, string text) => harness.Expression(member, text).DescendantsAndSelf().OfType<IInvocationOperation>().First().TargetMethod;

        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("A", "d.TryGetValue(\"a\", out _)")), "TryGetValue");
        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("A", "d.ContainsKey(\"b\")")), "ContainsKey");
        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("B", "s.Contains(1)")), "HashSet.Contains");
        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("B", "l.Contains(1)")), "List.Contains (ICollection<T>.Contains)");
        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("E", "l.IndexOf(1)")), "List.IndexOf");
        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("E", "i.IndexOf(2)")), "IList<T>.IndexOf");
        Assert.True(classifier.ImplementsReadOnlyViewMember(Target("E", "l.Exists(x => x > 0)")), "List.Exists");
        Assert.False(classifier.ImplementsReadOnlyViewMember(Target("D", "d.Remove(\"a\")")));
        Assert.False(classifier.ImplementsReadOnlyViewMember(Target("F", "l.Remove(1)"))); // returns a bool, but changes the list
    }

    [Fact]
    public void Constructed_generic_types_answer_through_their_definitions()
    {
        // The classifier reads definitions (bases, interfaces, members): a type argument never changes an answer.
        var harness = ModelHarness.Create("""
            using System.Collections.Generic;
            class Bag<T> : List<T> { }
            class Box<T> { public T Value { get; set; } = default!; }
            class KeyedBase<T> { public override bool Equals(object? o) => o is KeyedBase<T>; public override int GetHashCode() => 0; }
            sealed class Keyed<T> : KeyedBase<T> { }
            class Index<K> : Dictionary<K, int> where K : notnull { }
            class H
            {
                Bag<string> e1 = new(); Box<int> e2 = new(); Keyed<string> e3 = new(); Bag<Box<int>> e4 = new();
                bool M(Index<string> index) => index.TryGetValue("a", out _);
            }
            """);
        var classifier = harness.Model.TypeClassifier;
        ITypeSymbol Field(string name) => harness.Compilation.GetTypeByMetadataName("H")!.GetMembers(name).OfType<IFieldSymbol>().Single().Type;

        Assert.True(classifier.IsMutableCollection(Field("e1")), "a List<T> through a generic base");
        Assert.True(classifier.IsMutableCollection(Field("e4")), "the same with a generic type argument");
        Assert.True(classifier.IsComparedByIdentity(Field("e1")));
        Assert.True(classifier.IsMutableClass(Field("e2")), "a public setter of a generic class");
        Assert.False(classifier.IsMutableCollection(Field("e2")));
        Assert.False(classifier.IsComparedByIdentity(Field("e3")), "Equals and GetHashCode overridden in a generic base");
        var tryGetValue = harness.Expression("M", "index.TryGetValue(\"a\", out _)").DescendantsAndSelf().OfType<IInvocationOperation>().First().TargetMethod;
        Assert.True(classifier.ImplementsReadOnlyViewMember(tryGetValue), "inherited Dictionary<K, int>.TryGetValue");
    }

    [Fact]
    public void The_cache_model_builds_one_classifier_per_compilation()
    {
        var harness = ModelHarness.Create("class C { }");
        Assert.Same(harness.Model.TypeClassifier, harness.Model.TypeClassifier);
    }

    private static TypeClassifier Classifier => Shared.Value.Classifier;

    private static ITypeSymbol FieldType(string name)
    {
        var holder = Shared.Value.Compilation.GetTypeByMetadataName("Holder`1")!;
        return holder.GetMembers(name).OfType<IFieldSymbol>().Single().Type;
    }
}
