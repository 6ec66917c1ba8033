namespace SafeCache;

// The node: one cache entry, its hash-chain link and its phase (loading, ready, failed).
public sealed partial class LruCache<TKey, TValue>
{
    private const byte Loading = 0;
    private const byte Ready = 1;
    private const byte Failed = 2;

    /// <summary>
    /// An entry, and the link of its hash chain. A node starts in the <see cref="Loading"/> phase when <c>GetOrAdd</c>
    /// misses (it is then the key's in-flight marker: other callers wait on its monitor) or directly in
    /// <see cref="Ready"/> when a value is stored; only <see cref="Ready"/> nodes are cache entries. Key and hash never
    /// change; the value is written once, before the phase becomes <see cref="Ready"/> (an update stores a new node, so
    /// a reader never sees a torn value).
    /// </summary>
    private sealed class Node
    {
        public readonly TKey Key;
        public readonly int Hash;
        /// <summary><see cref="State"/> of a cached entry whose access counter is 0; with the counter: 4..7.</summary>
        public const int ReadyState = Ready << 2;

        public Node? Next;
        public TValue Value = default!;

        /// <summary>The phase (<see cref="Loading"/>, <see cref="Ready"/>, <see cref="Failed"/>) in bits 2-3 and the
        /// 2-bit access counter in bits 0-1. The phase changes only before the node is a cached entry (from Loading, under
        /// the lock); afterwards hits (lock-free) and eviction (under the lock) only rewrite the counter bits, so a race
        /// between them can lose an access mark but never changes the phase.</summary>
        public volatile byte State;
        public bool InMain;
        public bool Removed;

        public Node(TKey key, int hash)
        {
            Key = key;
            Hash = hash;
        }

        public byte Phase
        {
            get => (byte)(State >> 2);
            set => State = (byte)((value << 2) | (State & MaxFrequency));
        }

        public byte Frequency
        {
            get => (byte)(State & MaxFrequency);
            set => State = (byte)((State & ~MaxFrequency) | value);
        }
    }
}
