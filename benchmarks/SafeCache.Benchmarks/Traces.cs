using System;
using System.Collections.Generic;

namespace SafeCache.Benchmarks;

/// <summary>Deterministic synthetic access traces (shared with the runtime tests, which link this file).</summary>
public static class Traces
{
    /// <summary>A Zipf(<paramref name="skew"/>) trace over keys 0..keySpace-1; rank 0 is the most popular.
    /// Keys are permuted so that popularity is not correlated with the key's value or hash.</summary>
    public static int[] Zipf(int keySpace, double skew, int length, int seed)
    {
        var cdf = new double[keySpace];
        double sum = 0;
        for (int i = 0; i < keySpace; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, skew);
            cdf[i] = sum;
        }

        var random = new Random(seed);
        var permutation = new int[keySpace];
        for (int i = 0; i < keySpace; i++)
        {
            permutation[i] = i;
        }

        for (int i = keySpace - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }

        var trace = new int[length];
        for (int n = 0; n < length; n++)
        {
            double u = random.NextDouble() * sum;
            int idx = Array.BinarySearch(cdf, u);
            if (idx < 0)
            {
                idx = ~idx;
            }

            trace[n] = permutation[Math.Min(idx, keySpace - 1)];
        }

        return trace;
    }

    /// <summary>A Zipf trace with a one-off scan of <paramref name="scanLength"/> never-repeated keys inserted every
    /// <paramref name="scanEvery"/> accesses.</summary>
    public static int[] ZipfWithScans(int keySpace, double skew, int length, int seed, int scanEvery, int scanLength) =>
        WithScans(Zipf(keySpace, skew, length, seed), scanEvery, scanLength, firstScanKey: keySpace + 1_000_000);

    /// <summary><paramref name="trace"/> with a one-off scan of <paramref name="scanLength"/> never-repeated keys
    /// (counting up from <paramref name="firstScanKey"/>) inserted every <paramref name="scanEvery"/> accesses.</summary>
    public static int[] WithScans(int[] trace, int scanEvery, int scanLength, int firstScanKey)
    {
        var result = new List<int>(trace.Length + (trace.Length / scanEvery * scanLength));
        int next = firstScanKey;
        for (int i = 0; i < trace.Length; i++)
        {
            result.Add(trace[i]);
            if ((i + 1) % scanEvery == 0)
            {
                for (int s = 0; s < scanLength; s++)
                {
                    result.Add(next++);
                }
            }
        }

        return result.ToArray();
    }

    /// <summary>Keys 0..loopLength-1 repeated <paramref name="rounds"/> times.</summary>
    public static int[] Loop(int loopLength, int rounds)
    {
        var trace = new int[loopLength * rounds];
        for (int i = 0; i < trace.Length; i++)
        {
            trace[i] = i % loopLength;
        }

        return trace;
    }
}
