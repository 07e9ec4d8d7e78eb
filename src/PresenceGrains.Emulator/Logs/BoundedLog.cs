namespace PresenceGrains.Emulator;

/// <summary>
/// An append-only log that keeps the newest <c>capacity</c> entries: the delta log, the handshake log, the corrections. Every entry gets a sequence number (its position
/// among all entries ever appended), so a reader pages by offset and can tell when older entries have been overwritten.
/// </summary>
public sealed class BoundedLog<T>
{
    private readonly T[] _ring;
    private readonly Lock _gate = new();
    private long _appended;

    public BoundedLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new T[capacity];
    }

    /// <summary>How many entries were ever appended (the next entry's sequence number).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _appended;
            }
        }
    }

    /// <summary>The sequence number of the oldest entry still held.</summary>
    public long FirstRetained
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(0, _appended - _ring.Length);
            }
        }
    }

    /// <summary>Every entry still held, oldest first.</summary>
    public IReadOnlyList<T> All() => Read().Items;

    internal long Append(T entry)
    {
        lock (_gate)
        {
            _ring[_appended % _ring.Length] = entry;
            return _appended++;
        }
    }

    /// <summary>Up to <paramref name="limit"/> entries from sequence number <paramref name="offset"/> on (or from the oldest held).</summary>
    public LogPage<T> Read(long offset = 0, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_gate)
        {
            var first = Math.Max(0, _appended - _ring.Length);
            var start = Math.Max(offset, first);
            var count = (int)Math.Clamp(_appended - start, 0, limit);
            var items = new T[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = _ring[(start + i) % _ring.Length];
            }

            return new LogPage<T>(start, first, _appended, items);
        }
    }
}

/// <summary>
/// One page of a <see cref="BoundedLog{T}"/>: <see cref="Items"/> start at sequence number <see cref="Offset"/>;
/// <see cref="FirstRetained"/> is the oldest entry still held and <see cref="Total"/> how many were ever appended.
/// </summary>
public sealed record LogPage<T>(long Offset, long FirstRetained, long Total, IReadOnlyList<T> Items)
{
    /// <summary>The offset to ask for next.</summary>
    public long NextOffset => Offset + Items.Count;
}
