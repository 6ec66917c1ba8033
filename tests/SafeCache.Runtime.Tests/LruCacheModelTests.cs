using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using CsCheck;

namespace SafeCache.Runtime.Tests;

/// <summary>
/// Model-based random test of the sequential contract: random sequences of every public member of
/// <see cref="LruCache{TKey, TValue}"/> (capacities 1-8, twelve keys, four key/comparer setups) run against a
/// dictionary of the last value stored per key. The policy may evict any entry, so the model does not predict
/// which; it checks everything else after every operation: a value read is the one last stored for that key, results
/// of adds/updates/removes, that an insert evicts nothing while the cache has room and exactly one other entry when it
/// is full, that other operations evict nothing, Count (≤ Capacity, equal to the entries enumerated), exact hit and miss
/// statistics (single thread), and that Clear empties and resets them. CsCheck shrinks a failing sequence.
/// Runs <see cref="CheckTime.Seconds"/> seconds per setup; set SAFECACHE_CHECK_SECONDS for a longer local run.
/// </summary>
public class LruCacheModelTests
{
    private const int Keys = 12;

    public static readonly TheoryData<string> Setups = new() { "int", "int-colliding", "string-ignore-case", "immutable-array" };

    private static readonly Gen<Op> GenOp = Gen.Select(Gen.Int[0, (int)Kind.Enumerate], Gen.Int[0, Keys - 1], Gen.Int[0, 1], Gen.Int[0, 99])
        .Select((kind, key, variant, value) => new Op((Kind)kind, key, variant, value));

    private static readonly Gen<(int Capacity, Op[] Ops)> GenSequence = Gen.Select(Gen.Int[1, 8], GenOp.Array[1, 60]);

    public enum Kind
    {
        TryGetValue, IndexerGet, ContainsKey, GetOrAddFactory, GetOrAddFactoryArg, GetOrAddAsync, GetOrAddValue, TryAdd, Add,
        IndexerSet, AddOrUpdateValue, AddOrUpdateFactory, TryUpdate, TryRemove, Remove, RemoveOut, Clear, Enumerate,
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public void Random_sequences_of_every_member_keep_the_sequential_contract(string setup)
    {
        Action<(int Capacity, Op[] Ops)> run = setup switch
        {
            "int" => s => Run(s.Capacity, s.Ops, null, (k, _) => k, k => k),
            "int-colliding" => s => Run(s.Capacity, s.Ops, new CollidingComparer(), (k, _) => k, k => k),
            "string-ignore-case" => s => Run(s.Capacity, s.Ops, StringComparer.OrdinalIgnoreCase, (k, v) => (v == 0 ? "k" : "K") + k, k => int.Parse(k.Substring(1))),
            _ => s => Run<IReadOnlyList<int>>(s.Capacity, s.Ops, SequenceEqualityComparer<int>.Default, (k, v) => v == 0 ? ImmutableArray.Create(k, 7) : new List<int> { k, 7 }, k => k[0]),
        };

        GenSequence.Sample(run, iter: int.MaxValue, time: CheckTime.Seconds, threads: 1);
    }

    private static void Run<TKey>(int capacity, Op[] ops, IEqualityComparer<TKey>? comparer, Func<int, int, TKey> makeKey, Func<TKey, int> canonical)
        where TKey : notnull
    {
        var cache = new LruCache<TKey, int>(capacity, comparer);
        var stored = new Dictionary<int, int>(); // the last value stored per key (canonical index)
        long hits = 0, misses = 0;
        for (int step = 0; step < ops.Length; step++)
        {
            Op op = ops[step];
            TKey key = makeKey(op.Key, op.Variant);
            HashSet<int> before = Present(cache, canonical);
            bool present = before.Contains(op.Key);
            int old = present ? stored[op.Key] : 0;
            bool inserts = false;
            string at = $"step {step} {op} present={present}";
            switch (op.Kind)
            {
                case Kind.TryGetValue:
                    Assert.Equal(present, cache.TryGetValue(key, out int got));
                    Assert.Equal(present ? old : 0, got);
                    Count(present);
                    break;
                case Kind.IndexerGet:
                    if (present)
                    {
                        Assert.Equal(old, cache[key]);
                    }
                    else
                    {
                        Assert.Throws<KeyNotFoundException>(() => cache[key]);
                    }

                    Count(present);
                    break;
                case Kind.ContainsKey:
                    Assert.Equal(present, cache.ContainsKey(key));
                    break;
                case Kind.GetOrAddFactory:
                case Kind.GetOrAddFactoryArg:
                case Kind.GetOrAddAsync:
                {
                    int calls = 0;
                    int result = op.Kind switch
                    {
                        Kind.GetOrAddFactory => cache.GetOrAdd(key, _ => { calls++; return op.Value; }),
                        Kind.GetOrAddFactoryArg => cache.GetOrAdd(key, (_, a) => { calls++; return a; }, op.Value),
                        _ => Completed(cache.GetOrAddAsync(key, (_, _) => { calls++; return new ValueTask<int>(op.Value); })),
                    };
                    Assert.Equal(present ? 0 : 1, calls);
                    Assert.Equal(present ? old : op.Value, result);
                    Store(!present, op.Value);
                    Count(present);
                    break;
                }

                case Kind.GetOrAddValue:
                    Assert.Equal(present ? old : op.Value, cache.GetOrAdd(key, op.Value));
                    Store(!present, op.Value);
                    Count(present);
                    break;
                case Kind.TryAdd:
                    Assert.Equal(!present, cache.TryAdd(key, op.Value));
                    Store(!present, op.Value);
                    break;
                case Kind.Add:
                    if (present)
                    {
                        Assert.Throws<ArgumentException>(() => cache.Add(key, op.Value));
                    }
                    else
                    {
                        cache.Add(key, op.Value);
                    }

                    Store(!present, op.Value);
                    break;
                case Kind.IndexerSet:
                    cache[key] = op.Value;
                    Store(true, op.Value);
                    break;
                case Kind.AddOrUpdateValue:
                {
                    int result = cache.AddOrUpdate(key, op.Value, (_, v) => v + 1000);
                    Assert.Equal(present ? old + 1000 : op.Value, result);
                    Store(true, result);
                    break;
                }

                case Kind.AddOrUpdateFactory:
                {
                    int result = cache.AddOrUpdate(key, _ => op.Value, (_, v) => v - 1);
                    Assert.Equal(present ? old - 1 : op.Value, result);
                    Store(true, result);
                    break;
                }

                case Kind.TryUpdate:
                {
                    int comparison = op.Variant == 0 ? old : old + 1;
                    bool updated = present && comparison == old;
                    Assert.Equal(updated, cache.TryUpdate(key, op.Value, comparison));
                    if (updated)
                    {
                        stored[op.Key] = op.Value;
                    }

                    break;
                }

                case Kind.TryRemove:
                case Kind.RemoveOut:
                {
                    bool removed = op.Kind == Kind.TryRemove ? cache.TryRemove(key, out int value) : cache.Remove(key, out value);
                    Assert.Equal(present, removed);
                    Assert.Equal(present ? old : 0, value);
                    break;
                }

                case Kind.Remove:
                    Assert.Equal(present, cache.Remove(key));
                    break;
                case Kind.Clear:
                    cache.Clear();
                    hits = misses = 0;
                    Assert.Equal(default, (cache.Info.Hits, cache.Info.Misses, cache.Info.Evictions, cache.Count));
                    break;
                default:
                    Assert.Equal(cache.Keys.Select(canonical).OrderBy(k => k), cache.Select(p => canonical(p.Key)).OrderBy(k => k));
                    Assert.Equal(cache.Values.OrderBy(v => v), cache.Select(p => p.Value).OrderBy(v => v));
                    break;
            }

            // The contract after every operation.
            HashSet<int> after = Present(cache, canonical);
            Assert.True(cache.Count <= capacity, at);
            Assert.Equal(after.Count, cache.Count);
            Assert.All(cache, p => Assert.Equal(stored[canonical(p.Key)], p.Value));
            Assert.Equal((hits, misses), (cache.Info.Hits, cache.Info.Misses));
            bool removes = op.Kind is Kind.TryRemove or Kind.Remove or Kind.RemoveOut or Kind.Clear;
            if (removes)
            {
                Assert.False(after.Contains(op.Key), at);
                Assert.True(op.Kind == Kind.Clear ? after.Count == 0 : after.SetEquals(before.Where(k => k != op.Key)), at);
            }
            else if (inserts)
            {
                // The new entry is there; an insert evicts nothing while there is room, exactly one other entry when full.
                Assert.True(after.Contains(op.Key), at);
                int lost = before.Count(k => !after.Contains(k));
                Assert.True(lost == (before.Count == capacity ? 1 : 0), $"{at}: {lost} entries evicted");
            }
            else
            {
                Assert.True(after.SetEquals(before), $"{at}: the entries changed");
            }

            void Store(bool writes, int value)
            {
                if (writes)
                {
                    stored[op.Key] = value;
                    inserts = !present;
                }
            }

            void Count(bool hit)
            {
                if (hit)
                {
                    hits++;
                }
                else
                {
                    misses++;
                }
            }
        }
    }

    private static HashSet<int> Present<TKey>(LruCache<TKey, int> cache, Func<TKey, int> canonical)
        where TKey : notnull
    {
        // ContainsKey does not count as an access; the enumeration must agree with it.
        var present = new HashSet<int>(cache.Select(p => canonical(p.Key)));
        Assert.Equal(cache.Count, present.Count);
        return present;
    }

    /// <summary>The result of a load whose factory completed synchronously: the task must already be complete.</summary>
    private static int Completed(ValueTask<int> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "a synchronous load left its task pending");
        return task.Result;
    }

    public readonly record struct Op(Kind Kind, int Key, int Variant, int Value);

    private sealed class CollidingComparer : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => x == y;

        public int GetHashCode(int obj) => obj % 2;
    }
}

/// <summary>How long each random check runs: a few seconds in the suite, longer with SAFECACHE_CHECK_SECONDS.</summary>
internal static class CheckTime
{
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("SAFECACHE_CHECK_SECONDS"), out int seconds) && seconds > 0 ? seconds : 2;
}
