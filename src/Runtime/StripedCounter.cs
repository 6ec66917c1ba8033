using System;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;
#endif
using System.Threading;

namespace SafeCache;

/// <summary>
/// Cheap per-thread striped counters for hit/miss statistics. Each stripe sits on its own 128-byte region
/// to avoid false sharing; increments are plain (non-interlocked) and therefore approximate when two
/// threads map to the same stripe.
/// </summary>
internal sealed class StripedCounter
{
    private const int Stride = 16; // 16 longs = 128 bytes per stripe (two cache lines, covers adjacent-line prefetch)
    private const int HitOffset = 0;
    private const int MissOffset = 1;

    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        int stripes = 1;
        int wanted = Math.Min(64, Math.Max(4, Environment.ProcessorCount * 2));
        while (stripes < wanted)
        {
            stripes <<= 1;
        }

        _mask = stripes - 1;
        _cells = new long[(stripes + 1) * Stride]; // +1: leading padding stripe
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Hit() => Cell(HitOffset)++;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Miss() => Cell(MissOffset)++;

    public long Hits => Sum(HitOffset);

    public long Misses => Sum(MissOffset);

    public void Reset()
    {
        for (int i = 0; i < _cells.Length; i++)
        {
            Volatile.Write(ref _cells[i], 0);
        }
    }

    /// <summary>The current thread's cell: a plain (non-interlocked) increment target, never shared with another
    /// stripe's cache lines. The index is always within the array (masked stripe + 1 leading padding stripe).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Cell(int offset)
    {
        int index = (((Environment.CurrentManagedThreadId & _mask) + 1) * Stride) + offset;
#if NET8_0_OR_GREATER
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cells), index);
#else
        return ref _cells[index];
#endif
    }

    private long Sum(int offset)
    {
        long total = 0;
        for (int s = 1; s <= _mask + 1; s++)
        {
            total += Volatile.Read(ref _cells[(s * Stride) + offset]);
        }

        return total;
    }
}
