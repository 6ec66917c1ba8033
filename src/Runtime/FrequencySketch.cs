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
        int length = 16;
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

        int mask = table.Length - 1;
        int min = 15;
        for (int row = 0; row < 4; row++)
        {
            uint h = Mix(hash, row);
            min = Math.Min(min, (int)((table[h & mask] >> Shift(h)) & 0xF));
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

    /// <summary>One hash per row: add the row, multiply by a per-row odd constant, fold the high bits down.</summary>
    private static uint Mix(int hash, int row)
    {
        uint h = ((uint)hash + (uint)row) * row switch
        {
            0 => 0x9E3779B1u,
            1 => 0x85EBCA77u,
            2 => 0xC2B2AE3Du,
            _ => 0x27D4EB2Fu,
        };
        return h ^ (h >> 16);
    }

    /// <summary>The counter's bit offset in its word, from the hash's top four bits (the word index uses the low bits).</summary>
    private static int Shift(uint h) => (int)(h >> 28) << 2;

    private bool IncrementCore(long[] table, int hash)
    {
        if (table.Length == 0)
        {
            return false;
        }

        int mask = table.Length - 1;
        bool added = false;
        for (int row = 0; row < 4; row++)
        {
            uint h = Mix(hash, row);
            ref long word = ref table[h & mask];
            int shift = Shift(h);
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
