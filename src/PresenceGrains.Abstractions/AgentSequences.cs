namespace PresenceGrains.Abstractions;

/// <summary>
/// The highest <see cref="AgentPresence.Sequence"/> seen of each agent, for subscribers of a tenant's stream. On Azure
/// Queue streams delivery is at least once: a stream message delivered again (its delete failed, or its visibility
/// timeout ran out under load) brings publications a subscriber already has, after newer ones of the same agents.
/// Whoever keeps or forwards each agent's latest presence takes a publication only if it advances its agent. Not
/// thread-safe: one per subscriber, used under its lock or scheduler.
/// </summary>
public sealed class AgentSequences
{
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    /// <summary>Agents seen.</summary>
    public int Count => _highest.Count;

    /// <summary>True, and remembered, when <paramref name="presence"/> is newer than anything seen of its agent.</summary>
    public bool Advance(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        ref var highest = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_highest, presence.AgentId, out var known);
        if (known && highest >= presence.Sequence)
        {
            return false;
        }

        highest = presence.Sequence;
        return true;
    }
}
