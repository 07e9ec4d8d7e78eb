using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>The agents of a run, numbered 0…N-1 so that per-agent figures live in arrays rather than dictionaries.</summary>
internal sealed class AgentDirectory
{
    private readonly Dictionary<string, int> _index;

    public AgentDirectory(IReadOnlyList<AgentInfo> agents)
    {
        Agents = agents;
        _index = new Dictionary<string, int>(agents.Count, StringComparer.Ordinal);
        for (var i = 0; i < agents.Count; i++)
        {
            _index.Add(agents[i].AgentId, i);
        }
    }

    public IReadOnlyList<AgentInfo> Agents { get; }

    public int Count => Agents.Count;

    /// <summary>The agent's number, or -1 for an agent not in the run.</summary>
    public int IndexOf(string agentId) => _index.GetValueOrDefault(agentId, -1);
}
