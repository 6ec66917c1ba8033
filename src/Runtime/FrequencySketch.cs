using System;
using System.Runtime.CompilerServices;

namespace SafeCache;

/// <summary>
/// A count-min sketch of 4-bit counters (TinyLFU: Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache
/// Admission Policy", ACM TOS 2017): estimates how often a key hash was seen recently. Each hash has one counter in each
/// of four rows (all rows share one table); an estimate is the smallest of its four counters, so collisions can only
/// over-estimate. After <c>10 × entries</c> increments every counter is halved (aging), so old popularity fades.
/// The table starts small at the first insert and grows (starting over empty) with the cache's entries up to four
/// words per entry of capacity, so memory follows the entries, not the capacity; recording and estimating allocate
/// nothing.
/// </summary>
internal sealed class FrequencySketch
{
    private const long ResetMask = 0x7777_7777_7777_7777L;
    private const int MaxLength = 1 << 26; // 512 MB of counters at most; beyond, counters are shared more
    private const int WordsPerEntry = 4;

    private long[] _table = Array.Empty<long>();
    private int _samples;
    private int _sampleSize;

    /// <summary>Gets the number of 64-bit words of counters; the owner grows the table when its entries reach this.</summary>
    public int Length => _table.Length;

    /// <summary>Makes the table large enough for <paramref name="count"/> entries (four times that, to limit growth
    /// steps), never beyond what <paramref name="capacity"/> entries need. A larger table starts empty.</summary>
    public void EnsureCapacity(int count, int capacity)
    {
        long want = Math.Min(capacity, Math.Max(64L, 4L * count)) * WordsPerEntry;
        int length = 64;
        while (length < want && length < MaxLength)
        {
            length <<= 1;
        }

        if (length <= _table.Length)
        {
            return;
        }

        _table = new long[length];
        _samples = 0;
        _sampleSize = (int)Math.Min(int.MaxValue, 10L * length / WordsPerEntry);
    }

    /// <summary>Returns the estimated recent frequency of a hash, 0 to 15.</summary>
    public int Estimate(int hash)
    {
        long[] table = _table;
        if (table.Length == 0)
        {
            return 0;
        }

        int block = Block(hash, table.Length);
        uint h = CounterHash(hash);
        int min = 15;
        for (int row = 0; row < 4; row++)
        {
            int shift = Shift(h, row);
            min = Math.Min(min, (int)((table[block + Word(h, row)] >> shift) & 0xF));
        }

        return min;
    }

    /// <summary>Counts one occurrence of a hash under the cache's write lock; ages the counters when due.</summary>
    public void Increment(int hash)
    {
        if (IncrementCore(_table, hash) && _samples >= _sampleSize)
        {
            Age();
        }
    }

    /// <summary>Counts a hit from the lock-free hit path. Racy on purpose: an increment that races with another on the
    /// same word may be lost, which only makes an estimate a little low. It never ages the table (the write path does),
    /// and it works on one snapshot of the table, so a concurrent growth or <see cref="Clear"/> is harmless.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void RecordHit(int hash) => IncrementCore(_table, hash);

    public void Clear()
    {
        _table = Array.Empty<long>();
        _samples = 0;
        _sampleSize = 0;
    }

    /// <summary>The first word of the key's 64-byte block (eight words): its four counters share one cache line.</summary>
    private static int Block(int hash, int length) => (int)(((uint)hash * 0x9E3779B1u) >> 3) & (length - 8);

    /// <summary>A second hash, independent of the block's bits, that picks the counters within the block.</summary>
    private static uint CounterHash(int hash)
    {
        uint h = (uint)hash * 0x85EBCA77u;
        return h ^ (h >> 13);
    }

    /// <summary>Row <paramref name="row"/>'s word in the block: one of the row's own two words.</summary>
    private static int Word(uint h, int row) => (row << 1) | (int)((h >> (row << 3)) & 1);

    /// <summary>Row <paramref name="row"/>'s counter (bit offset) in its word.</summary>
    private static int Shift(uint h, int row) => (int)((h >> ((row << 3) + 1)) & 15) << 2;

    private bool IncrementCore(long[] table, int hash)
    {
        if (table.Length == 0)
        {
            return false;
        }

        int block = Block(hash, table.Length);
        uint h = CounterHash(hash);
        bool added = false;
        for (int row = 0; row < 4; row++)
        {
            ref long word = ref table[block + Word(h, row)];
            int shift = Shift(h, row);
            if (((word >> shift) & 0xF) != 0xF)
            {
                word += 1L << shift;
                added = true;
            }
        }

        if (added)
        {
            _samples++;
        }

        return added;
    }

    private void Age()
    {
        long[] table = _table;
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (table[i] >> 1) & ResetMask;
        }

        _samples /= 2;
    }
}
