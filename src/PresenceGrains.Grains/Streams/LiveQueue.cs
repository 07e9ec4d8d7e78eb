using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Whether a tenant's live stream queue answers this silo's writes. Once a write is refused as unreachable or goes
/// unanswered past <see cref="TenantPublisher.StreamQuiet"/>, its publications go to the tenant directory as well, and
/// so does every publication made until a write is taken again: those queue behind the writes in flight (at most
/// <see cref="TenantPublisher.MaxWritesInFlight"/>, all stuck on the same queue) and would otherwise wait for them.
/// </summary>
internal sealed class LiveQueue(Action<List<AgentPresence>> handAside)
{
    private volatile bool _unreachable;

    /// <summary>Whether the last word on the queue is that it cannot be reached.</summary>
    public bool Unreachable => _unreachable;

    /// <summary>The queue did not take these: the directory gets them now.</summary>
    public void HandAside(List<AgentPresence> publications)
    {
        _unreachable = true;
        handAside(publications);
    }

    /// <summary>A write was taken: the queue answers again.</summary>
    public void Answered() => _unreachable = false;
}
