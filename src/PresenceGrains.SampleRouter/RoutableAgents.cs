using PresenceGrains.Abstractions;

namespace PresenceGrains.SampleRouter;

/// <summary>
/// The router's own picture of who can take a call: the latest publication of every agent it heard of, newest
/// sequence wins (the list read at start and the feed may overlap), and the routable ones by how long they have waited.
/// </summary>
public sealed class RoutableAgents
{
    private readonly Dictionary<string, AgentPresence> _latest = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _latest.Values.Count(p => p.Routable);
            }
        }
    }

    /// <summary>Applies a publication; returns the agent's routability before and after, or null when it was older news.</summary>
    public (bool Before, bool After)? Apply(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        lock (_gate)
        {
            var known = _latest.GetValueOrDefault(presence.AgentId);
            if (known is not null && known.Sequence >= presence.Sequence)
            {
                return null;
            }

            _latest[presence.AgentId] = presence;
            return (known?.Routable ?? false, presence.Routable);
        }
    }

    /// <summary>Starts again from a fresh read of the routable agents (after the feed missed changes).</summary>
    public void Replace(IEnumerable<AgentPresence> routable)
    {
        lock (_gate)
        {
            _latest.Clear();
            foreach (var presence in routable)
            {
                _latest[presence.AgentId] = presence;
            }
        }
    }

    /// <summary>Routable agents, the longest waiting first: the order a router offers calls in.</summary>
    public IReadOnlyList<AgentPresence> Candidates()
    {
        lock (_gate)
        {
            return _latest.Values.Where(p => p.Routable).OrderBy(p => p.Since).ThenBy(p => p.AgentId, StringComparer.Ordinal).ToList();
        }
    }
}
