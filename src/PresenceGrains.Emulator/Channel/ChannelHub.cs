using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// The open sockets, and fan-out to them. The session list is copy-on-write, so publishing (the hot path) reads it
/// without a lock. <paramref name="framesPerDelta"/> is the most frames one delta becomes on a socket (1 in the seed
/// mode; in the Genesys mode up to 4 events, one per source), which back-pressure must reserve room for.
/// </summary>
internal sealed class ChannelHub(TimeProvider time, int framesPerDelta = 1)
{
    private readonly Lock _gate = new();
    private ChannelSession[] _sessions = [];
    private long _lastSessionId;

    public IReadOnlyList<ChannelSession> Sessions => Volatile.Read(ref _sessions);

    public bool IsEmpty => Volatile.Read(ref _sessions).Length == 0;

    public bool AnyWantsNoise => Array.Exists(Volatile.Read(ref _sessions), s => s.WantsNoise);

    /// <summary>A number for the next socket, for log lines.</summary>
    public long NextSessionId() => Interlocked.Increment(ref _lastSessionId);

    public void Add(ChannelSession session)
    {
        lock (_gate)
        {
            _sessions = [.. _sessions, session];
        }
    }

    public void Remove(ChannelSession session)
    {
        lock (_gate)
        {
            _sessions = [.. _sessions.Where(s => s != session)];
        }
    }

    public void PublishDelta(byte[] payload, string userId, string? deviceId, string state)
    {
        var frame = new OutboundFrame(FrameKind.Delta, payload, time.GetTimestamp());
        foreach (var session in Volatile.Read(ref _sessions))
        {
            if (session.Accepts(userId, deviceId, state))
            {
                session.Offer(frame);
            }
        }
    }

    /// <summary>Whether any socket's channel holds a topic for this event (so it is serialised only when someone listens).</summary>
    public bool AnyGenesysWants(string userId, GenesysUserTopicParts part) =>
        Array.Exists(Volatile.Read(ref _sessions), s => s.AcceptsGenesys(userId, part));

    public void PublishGenesys(byte[] payload, string userId, GenesysUserTopicParts part, FrameKind kind)
    {
        var frame = new OutboundFrame(kind, payload, time.GetTimestamp());
        foreach (var session in Volatile.Read(ref _sessions))
        {
            if (session.AcceptsGenesys(userId, part))
            {
                session.Offer(frame);
            }
        }
    }

    public void PublishHeartbeat(byte[] payload)
    {
        var frame = new OutboundFrame(FrameKind.Heartbeat, payload, time.GetTimestamp());
        foreach (var session in Volatile.Read(ref _sessions))
        {
            session.OfferIfRoom(frame);
        }
    }

    public void PublishNoise(byte[] payload)
    {
        var frame = new OutboundFrame(FrameKind.Noise, payload, time.GetTimestamp());
        foreach (var session in Volatile.Read(ref _sessions))
        {
            if (session.WantsNoise)
            {
                session.Offer(frame);
            }
        }
    }

    /// <summary>Waits until every subscribed socket's queue has room for <paramref name="deltas"/> more deltas' frames (back-pressure for bursts).</summary>
    public async ValueTask WaitForRoomAsync(int deltas, CancellationToken cancellationToken)
    {
        foreach (var session in Volatile.Read(ref _sessions))
        {
            await session.WaitForRoomAsync(deltas * framesPerDelta, cancellationToken);
        }
    }

    /// <summary>Aborts every socket without a close handshake.</summary>
    public void DropAll()
    {
        foreach (var session in Volatile.Read(ref _sessions))
        {
            session.Drop();
        }
    }

    /// <summary>Ends, with a 401 frame, every socket whose token is no longer valid.</summary>
    public void RecheckTokens()
    {
        foreach (var session in Volatile.Read(ref _sessions))
        {
            session.CheckToken();
        }
    }
}
