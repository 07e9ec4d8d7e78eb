using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>
/// The newest events of one tenant, oldest first, at most <c>capacity</c> of them: appending past the bound overwrites
/// the oldest in place. A list trimmed from its front would move every event it keeps on each append once full.
/// Not thread-safe; <see cref="MemoryPresenceHistory"/> locks around it.
/// </summary>
internal sealed class EventRing(int capacity)
{
    private const int InitialSize = 1024;
    private PresenceEvent[] _items = new PresenceEvent[Math.Min(capacity, InitialSize)];
    private int _head;

    public int Count { get; private set; }

    /// <summary>The <paramref name="index"/>-th event, oldest first.</summary>
    public PresenceEvent this[int index] => _items[(_head + index) % _items.Length];

    public void Add(PresenceEvent item)
    {
        if (Count == capacity)
        {
            _items[_head] = item;
            _head = (_head + 1) % _items.Length;
            return;
        }

        if (Count == _items.Length)
        {
            Resize(Math.Min(capacity, _items.Length * 2));
        }

        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    /// <summary>The position of the first event whose id is at least <paramref name="id"/> (ids ascend).</summary>
    public int LowerBound(long id)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (this[mid].Id < id)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Events from position <paramref name="from"/> on, oldest first.</summary>
    public IEnumerable<PresenceEvent> From(int from)
    {
        for (var i = from; i < Count; i++)
        {
            yield return this[i];
        }
    }

    public void RemoveAll(Predicate<PresenceEvent> match)
    {
        var kept = From(0).Where(e => !match(e)).ToArray();
        _items = new PresenceEvent[Math.Max(Math.Min(capacity, InitialSize), kept.Length)];
        kept.CopyTo(_items, 0);
        _head = 0;
        Count = kept.Length;
    }

    private void Resize(int size)
    {
        var items = new PresenceEvent[size];
        for (var i = 0; i < Count; i++)
        {
            items[i] = this[i];
        }

        _items = items;
        _head = 0;
    }
}
