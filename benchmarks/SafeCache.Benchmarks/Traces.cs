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

    /// <summary>The traces generated from published workload models (<see cref="YcsbReadLatest"/>,
    /// <see cref="ShotNoise"/>, and a 50/50 interleaving of the two), each <paramref name="length"/> accesses.</summary>
    public static IEnumerable<(string Name, int[] Trace)> WorkloadModels(int length, int seed)
    {
        int[] ycsb = YcsbReadLatest(10_000, length, seed);
        int[] snm = ShotNoise(length, seed);
        yield return ("YCSB D (read latest)", ycsb);
        yield return ("Shot noise (SNM)", snm);

        // A search front end (SNM) and a database (YCSB D) sharing one cache: keys of the two are disjoint.
        var mix = new int[length];
        for (int i = 0; i < length; i++)
        {
            mix[i] = (i & 1) == 0 ? snm[i / 2] : 10_000_000 + ycsb[i / 2];
        }

        yield return ("SNM + YCSB D mix", mix);
    }

    /// <summary>
    /// YCSB core workload D, "read latest" (Cooper et al., "Benchmarking Cloud Serving Systems with YCSB", SoCC 2010):
    /// <paramref name="records"/> records are loaded, then 95% of the operations read a record chosen by the "latest"
    /// distribution (the newest record minus a Zipfian(0.99) rank, YCSB's constant) and 5% insert a new record, so
    /// popularity keeps shifting to new keys. An insert is an access to a new key.
    /// </summary>
    public static int[] YcsbReadLatest(int records, int length, int seed)
    {
        const double theta = 0.99;
        int maxRecords = records + length;
        var random = new Random(seed);
        var trace = new int[length];
        var cdf = new double[maxRecords];
        double sum = 0;
        for (int i = 0; i < maxRecords; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, theta);
            cdf[i] = sum;
        }

        int count = records;
        for (int n = 0; n < length; n++)
        {
            if (random.NextDouble() < 0.05)
            {
                trace[n] = count++;
                continue;
            }

            double u = random.NextDouble() * cdf[count - 1];
            int rank = Array.BinarySearch(cdf, 0, count, u);
            if (rank < 0)
            {
                rank = ~rank;
            }

            trace[n] = count - 1 - Math.Min(rank, count - 1);
        }

        return trace;
    }

    /// <summary>
    /// The shot noise model of content popularity (Traverso et al., "Temporal Locality in Today's Content Caching: Why
    /// it Matters and How to Model it", ACM SIGCOMM CCR 43(5), 2013): contents arrive as a Poisson process; each draws a
    /// request volume from a heavy-tailed (Pareto, shape 1.5) law and receives its requests with an exponentially
    /// decaying rate after its arrival (mean lifetime 2% of the trace), so each content is hot for a while and then
    /// fades. The trace is the requests of all contents in time order.
    /// </summary>
    public static int[] ShotNoise(int length, int seed)
    {
        const double shape = 1.5;
        const double minVolume = 8;
        const double meanLifetime = 0.02;
        var random = new Random(seed);
        var requests = new List<(double Time, int Key)>(length + 1_000);
        int key = 0;
        while (requests.Count < length)
        {
            double arrival = random.NextDouble();
            int volume = (int)Math.Min(length / 20.0, minVolume / Math.Pow(1 - random.NextDouble(), 1 / shape));
            for (int r = 0; r < volume; r++)
            {
                requests.Add((arrival - (meanLifetime * Math.Log(1 - random.NextDouble())), key));
            }

            key++;
        }

        requests.Sort((a, b) => a.Time.CompareTo(b.Time));
        var trace = new int[length];
        for (int i = 0; i < length; i++)
        {
            trace[i] = requests[i].Key;
        }

        return trace;
    }
}
