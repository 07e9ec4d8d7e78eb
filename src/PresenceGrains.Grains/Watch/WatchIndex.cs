using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Watch;

/// <summary>A tenant's watched set with the lookups readers need: is this agent watched, whose is this device.</summary>
public sealed class WatchIndex
{
    private readonly HashSet<string> _agents;
    private readonly Dictionary<string, string> _deviceOwners;

    public WatchIndex(long generation, WatchSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Generation = generation;
        Set = set;
        _agents = set.Agents.Select(a => a.AgentId).ToHashSet(StringComparer.Ordinal);
        _deviceOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agent in set.Agents)
        {
            foreach (var device in agent.DeviceIds)
            {
                _deviceOwners.TryAdd(device, agent.AgentId);
            }
        }
    }

    public long Generation { get; }

    public WatchSet Set { get; }

    public bool Contains(string agentId) => _agents.Contains(agentId);

    public string? OwnerOf(string deviceId) => _deviceOwners.GetValueOrDefault(deviceId);
}
