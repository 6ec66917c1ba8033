using System;
using SafeCache.Benchmarks;

namespace SafeCache.Runtime.Tests;

/// <summary>The frequency sketch and the adaptive probation share behind LruCache's admission.</summary>
public class AdmissionPolicyTests
{
    [Fact]
    public void The_sketch_counts_up_to_15_never_underestimates_and_halves_with_age()
    {
        var sketch = new FrequencySketch();
        Assert.Equal(0, sketch.Estimate(42)); // no table yet: nothing counted, nothing allocated
        sketch.Increment(42);
        Assert.Equal(0, sketch.Length);

        sketch.EnsureCapacity(count: 0, capacity: 16);
        for (int i = 0; i < 6; i++)
        {
            sketch.Increment(42);
        }

        Assert.InRange(sketch.Estimate(42), 6, 15);
        for (int i = 0; i < 20; i++)
        {
            sketch.Increment(7);
        }

        Assert.Equal(15, sketch.Estimate(7)); // saturates

        // Aging: 10 increments per entry (16 entries' worth of words / 4 words per entry, so 10 x 64 / 4 = 160 samples).
        int before = sketch.Estimate(42);
        for (int i = 0; i < 200; i++)
        {
            sketch.Increment(1_000 + i);
        }

        Assert.True(sketch.Estimate(42) <= (before / 2) + 1, $"not aged: {before} -> {sketch.Estimate(42)}");
        Assert.True(sketch.Estimate(7) < 15, "a saturated counter was not aged");

        sketch.Clear();
        Assert.Equal(0, sketch.Length);
        Assert.Equal(0, sketch.Estimate(42));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    public void Probations_share_adapts_within_its_bounds_and_Clear_resets_it(int capacity)
    {
        var cache = new LruCache<int, int>(capacity);
        int initial = Math.Max(1, capacity / 100);
        int max = Math.Max(1, capacity / 5);
        Assert.Equal(initial, cache.ProbationShare);

        int largest = 0;
        foreach (int key in Traces.YcsbReadLatest(10_000, 200_000, seed: 3))
        {
            if (!cache.TryGetValue(key, out _))
            {
                cache.TryAdd(key, key);
            }

            Assert.InRange(cache.ProbationShare, 1, max);
            largest = Math.Max(largest, cache.ProbationShare);
        }

        Assert.True(largest > initial, $"the share never moved from {initial} on a recency-driven trace");
        cache.Clear();
        Assert.Equal(initial, cache.ProbationShare);
    }
}
