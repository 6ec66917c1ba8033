using System.Collections.Generic;

namespace SafeCache.Benchmarks.Reference;

/// <summary>
/// The textbook exact LRU: a Dictionary of LinkedList nodes under one lock, move-to-front on every hit.
/// It is both the exact-LRU reference for hit ratios and the "lock + Dictionary + LinkedList" contender.
/// </summary>
public sealed class LockedLinkedListLru<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _map;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _list = new();
    private readonly object _sync = new();
    private readonly int _capacity;

    public LockedLinkedListLru(int capacity)
    {
        _capacity = capacity;
        _map = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(capacity);
    }

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _map.Count;
            }
        }
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (_sync)
        {
            if (_map.TryGetValue(key, out var node))
            {
                if (node != _list.First)
                {
                    _list.Remove(node);
                    _list.AddFirst(node);
                }

                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public TValue GetOrAdd(TKey key, System.Func<TKey, TValue> factory)
    {
        if (TryGetValue(key, out TValue value))
        {
            return value;
        }

        value = factory(key);
        lock (_sync)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                return existing.Value.Value;
            }

            LinkedListNode<KeyValuePair<TKey, TValue>> node;
            if (_map.Count >= _capacity)
            {
                // Recycle the LRU node: no allocation for the list node on the miss path.
                node = _list.Last!;
                _list.RemoveLast();
                _map.Remove(node.Value.Key);
                node.Value = new KeyValuePair<TKey, TValue>(key, value);
            }
            else
            {
                node = new LinkedListNode<KeyValuePair<TKey, TValue>>(new KeyValuePair<TKey, TValue>(key, value));
            }

            _list.AddFirst(node);
            _map[key] = node;
            return value;
        }
    }
}
