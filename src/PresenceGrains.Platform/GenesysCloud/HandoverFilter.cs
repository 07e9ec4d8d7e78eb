using System.Text.Json;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// While two sockets of one shard overlap (a replacement subscribed, the old one not yet drained), Genesys sends every
/// event on both. Events carry no sequence number, so a repeat is recognised by its exact text: an event is dropped when
/// the other socket already delivered the same text, and forgotten once matched. Bounded: past the limit the oldest
/// remembered texts are forgotten (a repeat of a timestamped event is then harmless anyway; one of a timestamp-less
/// event at worst republishes a state the agent already has).
/// </summary>
internal sealed class HandoverFilter(int capacity = 50_000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _pending = new(StringComparer.Ordinal);
    private readonly Queue<(string Text, int Socket)> _order = new();
    private bool _active;

    /// <summary>
    /// An event's identity: its topic and body as sent. The envelope's metadata is left out: a correlation id may be the
    /// socket's, not the event's.
    /// </summary>
    public static string KeyOf(ReadOnlyMemory<byte> frame)
    {
        using var document = JsonDocument.Parse(frame);
        var root = document.RootElement;
        return root.GetProperty("topicName").GetString() + "\n" + root.GetProperty("eventBody").GetRawText();
    }

    /// <summary>Whether an overlap is under way (reading the flag without the lock is fine: a stale read only costs a lookup).</summary>
    public bool IsActive => Volatile.Read(ref _active);

    /// <summary>Overlap begins: from now on each socket's events are remembered until the other delivers them.</summary>
    public void Begin()
    {
        lock (_gate)
        {
            _active = true;
        }
    }

    /// <summary>Overlap is over (the replacement has delivered everything sent before the old socket closed).</summary>
    public void End()
    {
        lock (_gate)
        {
            _active = false;
            _pending.Clear();
            _order.Clear();
        }
    }

    /// <summary>True when <paramref name="text"/> from socket <paramref name="socket"/> is new and must be published.</summary>
    public bool Admit(string text, int socket)
    {
        lock (_gate)
        {
            if (!_active)
            {
                return true;
            }

            var key = text;
            if (_pending.TryGetValue(key, out var from) && from != socket)
            {
                _pending.Remove(key);
                return false;
            }

            _pending[key] = socket;
            _order.Enqueue((key, socket));
            while (_order.Count > capacity && _order.TryDequeue(out var oldest))
            {
                if (_pending.TryGetValue(oldest.Text, out var owner) && owner == oldest.Socket)
                {
                    _pending.Remove(oldest.Text);
                }
            }

            return true;
        }
    }
}
