using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace SafeCache;

// The eviction policy: S3-FIFO's probation and main queues and ghost table, with TinyLFU admission from probation to
// main (a count-min sketch of recent frequencies) and a probation share that adapts by hill climbing (as in Caffeine's
// W-TinyLFU). All of it runs under the write lock except the hit path's access mark.
public sealed partial class LruCache<TKey, TValue>
{
    private const byte MaxFrequency = 3;

    private readonly NodeQueue<Node> _small = new NodeQueue<Node>();
    private readonly NodeQueue<Node> _main = new NodeQueue<Node>();
    private readonly GhostQueue _ghost;
    private readonly FrequencySketch _sketch = new FrequencySketch();

    /// <summary>Probation's share (entries): adapted by <see cref="ClimbLocked"/> between 1 and <see cref="MaxSmallTarget"/>.</summary>
    private int _smallTarget;

    // The hill climber's state: the statistics at the start of the current sample, the previous sample's hit rate and
    // the next step (signed, in entries).
    private int _evictionsSinceCheck;
    private long _sampleStartHits;
    private long _sampleStartMisses;
    private double _previousHitRate;
    private double _climbStep;

    /// <summary>Gets the largest probation share: 20% of the capacity (main keeps at least 80%).</summary>
    private int MaxSmallTarget => Math.Max(1, _capacity / 5);

    /// <summary>Gets probation's current share (for tests).</summary>
    internal int ProbationShare => Volatile.Read(ref _smallTarget);

    /// <summary>Cached entries (not loads in flight); never more than <see cref="_capacity"/>.</summary>
    private int _count;
    private long _evictions;

    /// <summary>The hit path's access mark: if the node is a cached entry (not a load in flight), counts a hit, bumps
    /// its access counter and returns <see langword="true"/>. Phase and counter share one byte, so this is one load; it
    /// writes the node only while the counter is below its cap, so a hot entry's cache line is not written by every hit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryRecordHit(Node node)
    {
        int state = node.State;
        if ((uint)(state - Node.ReadyState) > MaxFrequency)
        {
            return false;
        }

        if (state != Node.ReadyState + MaxFrequency)
        {
            // Only while the counter rises (at most three times per round of the entry): a hot entry's hits cost the
            // sketch nothing once its counter is saturated.
            node.State = (byte)(state + 1);
            _sketch.RecordHit(node.Hash);
        }

        _stats.Hit();
        return true;
    }

    /// <summary>
    /// Stores a new entry for a key that has no cached value; <paramref name="loading"/> is the key's load in flight,
    /// if any: it is detached (its loader will return the value stored here).
    /// </summary>
    private void InsertLocked(TKey key, int hash, TValue value, Node? loading)
    {
        var node = new Node(key, hash) { Value = value };
        AdmitLocked(node);
        node.Phase = Ready;
        if (loading is not null)
        {
            // Read loading.Next after AdmitLocked (eviction may have unlinked it) and before node is published.
            node.Next = loading.Next;
            SwapInTableLocked(loading, node);
            loading.Removed = true;
        }
        else
        {
            LinkLocked(node);
        }
    }

    /// <summary>Puts a node into probation or main, evicting first if the cache is full.</summary>
    private void AdmitLocked(Node node)
    {
        // Decide where the key goes before evicting: eviction itself frees room in main.
        bool toMain = _ghost.Contains(node.Hash) && MainAdmitsLocked();
        if (_count >= _sketch.Length)
        {
            _sketch.EnsureCapacity(_count, _capacity);
        }

        _sketch.Increment(node.Hash);

        while (_count >= _capacity)
        {
            EvictOneLocked(incomingToSmall: !toMain);
            if (++_evictionsSinceCheck >= 64)
            {
                _evictionsSinceCheck = 0;
                ClimbLocked();
            }
        }

        if (toMain)
        {
            node.InMain = true;
            _main.Enqueue(node);
            _main.Live++;
        }
        else
        {
            _small.Enqueue(node);
            _small.Live++;
        }

        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>
    /// Main has room below its share. A key seen recently (its hash is in the ghost queue) goes straight to main only
    /// then; otherwise it goes through probation like a new key and must earn its place with a hit or a contest.
    /// </summary>
    private bool MainAdmitsLocked() => _main.Live < _capacity - _smallTarget;

    private void ReplaceLocked(Node old, TValue value)
    {
        var node = new Node(old.Key, old.Hash) { Value = value, Frequency = old.Frequency, InMain = old.InMain, Phase = Ready };
        node.Next = old.Next;
        SwapInTableLocked(old, node);
        old.Removed = true;
        (node.InMain ? _main : _small).Enqueue(node);
        CompactIfNeededLocked();
    }

    private void UnlinkLocked(Node node)
    {
        UnlinkFromTableLocked(node);
        node.Removed = true;
        if (node.InMain)
        {
            _main.Live--;
        }
        else
        {
            _small.Live--;
        }

        Volatile.Write(ref _count, _count - 1);
        CompactIfNeededLocked();
    }

    private void CompactIfNeededLocked()
    {
        if ((long)_small.PhysicalCount + _main.PhysicalCount > (2L * _count) + 64)
        {
            _small.Compact(static n => n.Removed);
            _main.Compact(static n => n.Removed);
        }
    }

    /// <summary>
    /// Evicts one entry to make room for an insert (<paramref name="incomingToSmall"/>: the new entry will join
    /// probation). Probation is examined while it holds more than its share (or main is empty), oldest first:
    /// <list type="bullet">
    /// <item><description>an entry read since it was inserted is promoted to main (S3-FIFO), and the examination goes
    /// on;</description></item>
    /// <item><description>an entry never read moves to main without a contest while main holds fewer entries than its
    /// smallest share (80%), which fills main after a start or a <c>Clear</c>; keeping that fill below every share the
    /// climber can pick means main never has to shed an entry when probation's share grows;</description></item>
    /// <item><description>otherwise it is a <i>candidate</i>: if its hash is in the ghost queue (it was evicted from
    /// probation recently and came back) and the sketch rates it more frequent than main's next victim, it replaces
    /// that victim (TinyLFU admission); else it is evicted and its hash goes to the ghost queue.</description></item>
    /// </list>
    /// A key seen for the first time never displaces an entry of main, so a scan of new keys cannot flush main.
    /// Otherwise main's next victim (CLOCK-style) is evicted.
    /// </summary>
    private void EvictOneLocked(bool incomingToSmall)
    {
        if (_small.Live + (incomingToSmall ? 1 : 0) > _smallTarget || _main.Live == 0)
        {
            while (_small.Live > 0)
            {
                Node? node = _small.Dequeue();
                if (node is null || node.Removed)
                {
                    continue;
                }

                if (node.Frequency > 0)
                {
                    // Read while on probation: promote to main.
                    node.Frequency = 0;
                    node.InMain = true;
                    _small.Live--;
                    _main.Live++;
                    _main.Enqueue(node);
                    _sketch.Increment(node.Hash);

                    continue;
                }

                _small.Live--;
                if (_main.Live < _capacity - MaxSmallTarget)
                {
                    // Main is below its smallest share: it takes the candidate without a contest.
                    node.InMain = true;
                    _main.Live++;
                    _main.Enqueue(node);
                    continue;
                }

                if (_main.Live > 0 && _ghost.Contains(node.Hash))
                {
                    Node victim = PeekMainVictimLocked();
                    if (_sketch.Estimate(node.Hash) > _sketch.Estimate(victim.Hash))
                    {
                        _main.Dequeue();
                        _main.Live--;
                        EvictLocked(victim);
                        node.InMain = true;
                        _main.Live++;
                        _main.Enqueue(node);
                        return;
                    }
                }

                _ghost.Add(node.Hash);
                EvictLocked(node);
                return;
            }
        }

        Node evicted = PeekMainVictimLocked();
        _main.Dequeue();
        _main.Live--;
        EvictLocked(evicted);
    }

    /// <summary>The policy's initial state: probation at 1% of the capacity (at least one entry), as W-TinyLFU's window.</summary>
    private void ResetPolicy()
    {
        _smallTarget = Math.Max(1, _capacity / 100);
        _climbStep = -Math.Max(1.0, _capacity * 0.0625);
        _evictionsSinceCheck = 0;
        _sampleStartHits = 0;
        _sampleStartMisses = 0;
        _previousHitRate = 0;
    }

    /// <summary>
    /// Hill climbing of probation's share (Caffeine's scheme): after every sample of <c>10 × capacity</c> lookups, the
    /// share moves by the step in the direction that raised the hit rate last time, reversing when the hit rate fell.
    /// The step decays by 2% per sample and restarts at 6.25% of the capacity when the hit rate moves by 5 points. A
    /// recency-heavy workload grows probation (new keys get more time to earn a hit); a frequency-heavy one shrinks it.
    /// Checked every 64 evictions, from the statistics, so lookups pay nothing for it.
    /// </summary>
    private void ClimbLocked()
    {
        long hits = _stats.Hits - _sampleStartHits;
        long misses = _stats.Misses - _sampleStartMisses;
        long lookups = hits + misses;
        if (hits < 0 || misses < 0)
        {
            // The statistics were reset (Clear): start a new sample.
            _sampleStartHits = _stats.Hits;
            _sampleStartMisses = _stats.Misses;
            return;
        }

        if (lookups < 10L * _capacity)
        {
            return;
        }

        double rate = (double)hits / lookups;
        double change = rate - _previousHitRate;
        double amount = change >= 0 ? _climbStep : -_climbStep;
        _climbStep = Math.Abs(change) >= 0.05
            ? Math.Max(1.0, _capacity * 0.0625) * (amount >= 0 ? 1 : -1)
            : 0.98 * amount;
        long target = _smallTarget + (long)Math.Round(amount);
        Volatile.Write(ref _smallTarget, (int)Math.Max(1, Math.Min(target, MaxSmallTarget)));
        _previousHitRate = rate;
        _sampleStartHits += hits;
        _sampleStartMisses += misses;
    }

    /// <summary>Finds main's next victim, CLOCK-style, and leaves it at the head of main: entries read since they were
    /// last examined get another round (counter decremented, the read counted in the sketch, moved to the back).</summary>
    private Node PeekMainVictimLocked()
    {
        while (true)
        {
            Node node = _main.Peek()!;
            if (node.Removed)
            {
                _main.Dequeue();
                continue;
            }

            byte f = node.Frequency;
            if (f == 0)
            {
                return node;
            }

            _main.Dequeue();
            node.Frequency = (byte)(f - 1);
            _sketch.Increment(node.Hash);

            _main.Enqueue(node);
        }
    }

    private void EvictLocked(Node node)
    {
        UnlinkFromTableLocked(node);
        node.Removed = true;
        Volatile.Write(ref _count, _count - 1);
        Volatile.Write(ref _evictions, _evictions + 1);
    }
}
