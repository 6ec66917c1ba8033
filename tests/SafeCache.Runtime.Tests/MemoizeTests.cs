using System;

namespace SafeCache.Runtime.Tests;

public class MemoizeTests
{
    [Fact]
    public void One_argument_function_is_called_once_per_argument()
    {
        int calls = 0;
        MemoizedFunc<int, int> square = Memoize.Lru<int, int>(x => { calls++; return x * x; }, capacity: 10);
        Assert.Equal(9, square.Invoke(3));
        Assert.Equal(9, square.Invoke(3));
        Assert.Equal(16, square.AsFunc()(4));
        Assert.Equal(2, calls);
        Assert.Equal(10, square.Capacity);
        Assert.Equal(new CacheInfo(1, 2, 0, 10, 2), square.Info);
        square.Clear();
        Assert.Equal(new CacheInfo(0, 0, 0, 10, 0), square.Info);
        Assert.Equal(9, square.Invoke(3));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Null_arguments_are_memoized()
    {
        int calls = 0;
        var length = Memoize.Lru<string?, int>(s => { calls++; return s?.Length ?? -1; }, 4);
        Assert.Equal(-1, length.Invoke(null));
        Assert.Equal(-1, length.Invoke(null));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Comparer_is_used_for_the_argument()
    {
        int calls = 0;
        var upper = Memoize.Lru<string, string>(s => { calls++; return s.ToUpperInvariant(); }, 4, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("ABC", upper.Invoke("abc"));
        Assert.Equal("ABC", upper.Invoke("ABC"));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Two_and_three_argument_functions_are_keyed_by_all_arguments()
    {
        int calls2 = 0;
        var add = Memoize.Lru<int, int, int>((a, b) => { calls2++; return a + b; }, 10);
        Assert.Equal(3, add.Invoke(1, 2));
        Assert.Equal(3, add.Invoke(1, 2));
        Assert.Equal(3, add.Invoke(2, 1));
        Assert.Equal(2, calls2);
        Assert.Equal(2, add.Info.Count);
        Assert.Equal(7, add.AsFunc()(3, 4));
        add.Clear();
        Assert.Equal(0, add.Info.Count);

        int calls3 = 0;
        var join = Memoize.Lru<string, int, bool, string>((s, i, b) => { calls3++; return $"{s}{i}{b}"; }, 10);
        Assert.Equal("a1True", join.Invoke("a", 1, true));
        Assert.Equal("a1True", join.Invoke("a", 1, true));
        Assert.Equal("a1False", join.Invoke("a", 1, false));
        Assert.Equal(2, calls3);
        Assert.Equal(1, join.Info.Hits);
        Assert.Equal("b2True", join.AsFunc()("b", 2, true));
        join.Clear();
        Assert.Equal(0, join.Info.Count);
        Assert.Equal(10, join.Capacity);
    }

    [Fact]
    public void Bounded_by_capacity()
    {
        var identity = Memoize.Lru<int, int>(x => x, 5);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(i, identity.Invoke(i));
            Assert.InRange(identity.Info.Count, 1, 5);
        }

        Assert.Equal(95, identity.Info.Evictions);
    }

    [Fact]
    public void Bad_input_throws()
    {
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => Memoize.Lru<int, int>(null!, 5)).ParamName);
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => Memoize.Lru<int, int, int>(null!, 5)).ParamName);
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => Memoize.Lru<int, int, int, int>(null!, 5)).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => Memoize.Lru<int, int>(x => x, 0)).ParamName);
        Assert.Equal("capacity", Assert.Throws<ArgumentOutOfRangeException>(() => Memoize.Lru<int, int, int>((x, y) => x, -1)).ParamName);
    }

    [Fact]
    public void Exceptions_are_not_cached()
    {
        int calls = 0;
        var flaky = Memoize.Lru<int, int>(x => ++calls == 1 ? throw new TimeoutException() : x, 5);
        Assert.Throws<TimeoutException>(() => flaky.Invoke(1));
        Assert.Equal(1, flaky.Invoke(1));
        Assert.Equal(1, flaky.Invoke(1));
        Assert.Equal(2, calls);
    }
}
