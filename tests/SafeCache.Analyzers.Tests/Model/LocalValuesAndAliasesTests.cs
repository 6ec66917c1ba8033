using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class LocalValuesAndAliasesTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        sealed class Result { public object? File; }
        static class Loader { public static Task<Result> Load(string name) => Task.FromResult(new Result()); }

        class Probe
        {
            private static Dictionary<string, int> s_cache = new();
            private static readonly object s_shared = new();
            private readonly object _own = new();

            public async Task Made(string name, object outside, bool which)
            {
                Result? result = null;
                var next = await Loader.Load(name);
                result = next;
                var fresh = new object();
                var alias = outside;
                var mixed = which ? new object() : outside;
                var shared = s_shared;
                Use(result.File, fresh, alias, mixed, shared, _own);
            }

            public void Copies(string key)
            {
                Dictionary<string, int> snapshot, copy;
                do
                {
                    snapshot = s_cache;
                    copy = new Dictionary<string, int>(s_cache) { [key] = 1 };
                }
                while (!ReferenceEquals(Interlocked.CompareExchange(ref s_cache, copy, snapshot), snapshot));

                var own = new Dictionary<string, int>();
                var unpublished = new Dictionary<string, int>(s_cache);
                Use(snapshot, copy, own, unpublished, null, null);
            }

            private static void Use(object? a, object? b, object? c, object? d, object? e, object? f) { }
        }
        """;

    [Theory]
    [InlineData("result.File", true)]   // read from a call's result held in a local
    [InlineData("fresh", true)]         // a new object
    [InlineData("alias", false)]        // a parameter: someone else's object
    [InlineData("mixed", false)]        // may be the parameter
    [InlineData("shared", false)]       // a static
    [InlineData("_own", false)]         // the instance's field (that is IsOwnedByThis's case, not this one)
    public void IsMadeHere_is_an_object_the_member_created_or_obtained_itself(string argument, bool expected)
    {
        var harness = ModelHarness.Create(Source);
        Assert.Equal(expected, LocalValues.IsMadeHere(harness.Expression("Made", argument)));
    }

    [Theory]
    [InlineData("snapshot", true)]      // an alias of the field
    [InlineData("copy", true)]          // a copy published back with CompareExchange
    [InlineData("own", false)]          // a dictionary of its own
    [InlineData("unpublished", false)]  // a copy never stored back: a cache of its own
    public void FieldOf_is_the_field_a_local_aliases_or_copies(string local, bool isField)
    {
        var harness = ModelHarness.Create(Source);
        var reference = (ILocalReferenceOperation)harness.Expression("Copies", local).WalkDownConversion();
        var field = CacheAliases.FieldOf(reference.Local, reference.GetRoot());
        Assert.Equal(isField, field is not null);
        if (isField)
        {
            Assert.Equal("s_cache", field!.Name);
        }
    }
}
