using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SafeCache.Runtime.Tests;

/// <summary>
/// The C# versions of the Python demonstrations with gc.collect(): which caches keep their owner alive.
/// Objects are created in non-inlined helpers so that no local in the test method roots them (Debug or Release).
/// </summary>
public class MemoryTests
{
    private static readonly Dictionary<(Widget, int), int> s_staticMemo = new();

    [Fact]
    public void Static_dictionary_memo_keeps_the_owner_alive()
    {
        WeakReference weak = UseStaticMemo();
        Collect();
        Assert.True(weak.IsAlive, "the static Dictionary<(Owner, int), int> memo should leak its owner");
        s_staticMemo.Clear();
        Collect();
        Assert.False(weak.IsAlive);
    }

    [Fact]
    public void Per_instance_LruCache_field_does_not_keep_the_owner_alive()
    {
        WeakReference weak = UsePerInstanceLruCache();
        Collect();
        Assert.False(weak.IsAlive);
    }

    [Fact]
    public void WeakLruCache_does_not_keep_the_owner_alive()
    {
        var cache = new WeakLruCache<Widget, int, int>(100);
        WeakReference weak = UseWeakCache(cache);
        Collect();
        Assert.False(weak.IsAlive);
        GC.KeepAlive(cache);
    }

    [Fact]
    public void WeakLruCache_value_that_references_its_owner_does_not_keep_it_alive()
    {
        var cache = new WeakLruCache<Widget, int, Widget>(100);
        WeakReference weak = UseWeakCacheWithSelfReference(cache);
        Collect();
        Assert.False(weak.IsAlive);
        GC.KeepAlive(cache);
    }

    [Fact]
    public void Memoized_function_that_closes_over_nothing_holds_only_its_results()
    {
        WeakReference weak = MemoizeTemporaryResult(out MemoizedFunc<int, object> memo);
        Collect();
        Assert.True(weak.IsAlive); // cached result is kept...
        memo.Clear();
        Collect();
        Assert.False(weak.IsAlive); // ...until cache_clear()
    }

    private static void Collect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference UseStaticMemo()
    {
        var widget = new Widget();
        s_staticMemo[(widget, 1)] = widget.Compute(1);
        return new WeakReference(widget);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference UsePerInstanceLruCache()
    {
        var widget = new Widget();
        Assert.Equal(2, widget.CachedCompute(1));
        Assert.Equal(2, widget.CachedCompute(1));
        return new WeakReference(widget);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference UseWeakCache(WeakLruCache<Widget, int, int> cache)
    {
        var widget = new Widget();
        Assert.Equal(2, cache.GetOrAdd(widget, 1, static (w, k) => w.Compute(k)));
        Assert.True(cache.TryGetValue(widget, 1, out _));
        return new WeakReference(widget);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference UseWeakCacheWithSelfReference(WeakLruCache<Widget, int, Widget> cache)
    {
        var widget = new Widget();
        Assert.Same(widget, cache.GetOrAdd(widget, 1, static (w, k) => w));
        return new WeakReference(widget);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference MemoizeTemporaryResult(out MemoizedFunc<int, object> memo)
    {
        memo = Memoize.Lru<int, object>(static i => new object(), 10);
        return new WeakReference(memo.Invoke(1));
    }

    internal sealed class Widget
    {
        private readonly LruCache<int, int> _cache = new(16);

        public int Compute(int x) => x * 2;

        public int CachedCompute(int x) => _cache.GetOrAdd(x, Compute);
    }
}
