using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SafeCache.Runtime.Tests;

public class ConcurrencyStressTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static int ValueFor(int key) => (key * 31) + 7;

    [Fact]
    public void Mixed_operations_keep_invariants()
    {
        const int capacity = 32;
        var cache = new LruCache<int, int>(capacity);
        var errors = new ConcurrentQueue<string>();
        long operations = 0;
        int workers = Math.Max(4, Environment.ProcessorCount * 2);
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(seed => Task.Factory.StartNew(() =>
        {
            var random = new Random(seed);
            while (stopwatch.Elapsed < Duration)
            {
                int key = random.Next(128);
                int op = random.Next(100);
                if (op < 50)
                {
                    int v = cache.GetOrAdd(key, ValueFor);
                    if (v != ValueFor(key))
                    {
                        errors.Enqueue($"GetOrAdd({key}) returned {v}");
                    }
                }
                else if (op < 80)
                {
                    if (cache.TryGetValue(key, out int v) && v != ValueFor(key))
                    {
                        errors.Enqueue($"TryGetValue({key}) returned {v}");
                    }
                }
                else if (op < 95)
                {
                    if (cache.TryRemove(key, out int v) && v != ValueFor(key))
                    {
                        errors.Enqueue($"TryRemove({key}) returned {v}");
                    }
                }
                else if (op < 99)
                {
                    cache[key] = ValueFor(key);
                }
                else
                {
                    cache.Clear();
                }

                int count = cache.Count;
                if (count > capacity || count < 0)
                {
                    errors.Enqueue($"Count {count} out of range");
                }

                Interlocked.Increment(ref operations);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(Task.WaitAll(tasks, Deadline), "deadlock or livelock");
        Assert.Empty(errors);
        Assert.True(operations > 1000);
        Assert.InRange(cache.Count, 0, capacity);
        Assert.Equal(cache.Count, cache.Keys.Count);
        Assert.All(cache, pair => Assert.Equal(ValueFor(pair.Key), pair.Value));
    }

    [Fact]
    public void Stampedes_run_each_factory_once_and_deliver_every_exception()
    {
        var cache = new LruCache<int, int>(1_000);
        var calls = new ConcurrentDictionary<int, int>();
        int workers = Math.Max(4, Environment.ProcessorCount * 2);
        long thrown = 0;
        long failingCalls = 0;
        using var barrier = new Barrier(workers);
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() =>
        {
            for (int key = 0; key < 300; key++)
            {
                barrier.SignalAndWait(Deadline); // every worker asks for the same missing key at once
                try
                {
                    int v = cache.GetOrAdd(key, k =>
                    {
                        calls.AddOrUpdate(k, 1, (_, c) => c + 1);
                        if (k % 10 == 0)
                        {
                            Interlocked.Increment(ref failingCalls);
                            throw new ArithmeticException(k.ToString());
                        }

                        Thread.SpinWait(200);
                        return ValueFor(k);
                    });
                    Assert.Equal(ValueFor(key), v);
                    Assert.NotEqual(0, key % 10);
                }
                catch (ArithmeticException ex)
                {
                    Assert.Equal(key.ToString(), ex.Message);
                    Interlocked.Increment(ref thrown);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(Task.WaitAll(tasks, Deadline), "deadlock");
        foreach (var pair in calls.Where(p => p.Key % 10 != 0))
        {
            Assert.Equal(1, pair.Value); // factory-once for successful loads
        }

        Assert.Equal(270, calls.Count(p => p.Key % 10 != 0));
        Assert.Equal(30L * workers, thrown); // every caller of a failing key saw the exception
        Assert.InRange(failingCalls, 30, 30L * workers);
        Assert.All(Enumerable.Range(0, 30), i => Assert.False(cache.ContainsKey(i * 10)));
    }

    [Fact]
    public void WeakLruCache_concurrent_use_keeps_invariants()
    {
        const int capacity = 64;
        var cache = new WeakLruCache<object, int, int>(capacity);
        var owners = Enumerable.Range(0, 8).Select(_ => new object()).ToArray();
        var errors = new ConcurrentQueue<string>();
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 4).Select(seed => Task.Factory.StartNew(() =>
        {
            var random = new Random(seed);
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(1))
            {
                object owner = owners[random.Next(owners.Length)];
                int key = random.Next(64);
                int op = random.Next(100);
                if (op < 60)
                {
                    if (cache.GetOrAdd(owner, key, (o, k) => ValueFor(k)) != ValueFor(key))
                    {
                        errors.Enqueue("bad value");
                    }
                }
                else if (op < 97)
                {
                    if (cache.TryGetValue(owner, key, out int v) && v != ValueFor(key))
                    {
                        errors.Enqueue("bad value");
                    }
                }
                else if (op < 99)
                {
                    cache.Remove(owner);
                }
                else
                {
                    cache.Clear();
                }

                if (cache.Count > capacity)
                {
                    errors.Enqueue($"Count {cache.Count} > {capacity}");
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.True(Task.WaitAll(tasks, Deadline), "deadlock");
        Assert.Empty(errors);
        Assert.InRange(cache.Count, 0, capacity);
    }
}
