using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Deltas gathered between two control events, grouped by agent, user level and devices together. One call per agent per
/// batch, all in parallel, keeps each source's order (an agent receives its deltas in arrival order, in one call) while
/// many agents work at once: one grain hop per delta.
/// </summary>
internal sealed class DeltaBatch
{
    private readonly Dictionary<string, List<SignalInput>> _byAgent = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(DeltaReceived received)
    {
        var delta = received.Delta;
        var input = new SignalInput(
            delta.DeviceId, delta.Signal.ToContract(), delta.LastUpdated, received.PlatformComposite?.ToContract(), received.ReceivedAt,
            TraceParent.Format(received.Trace));
        if (!_byAgent.TryGetValue(delta.AgentId, out var list))
        {
            _byAgent[delta.AgentId] = list = [];
        }

        list.Add(input);
        Count++;
    }

    /// <summary>
    /// Sends everything gathered and waits until every agent has taken its part, or failed to: returns the agents whose
    /// call failed, with the first failure (one agent's timeout must not stop the others, or the channel).
    /// </summary>
    public async Task<(IReadOnlyList<string> Agents, Exception? Error)> DispatchAsync(IGrainFactory grains, string tenantId)
    {
        if (Count == 0)
        {
            return ([], null);
        }

        var calls = new List<(string AgentId, Task Call)>(_byAgent.Count);
        foreach (var (agentId, inputs) in _byAgent)
        {
            var agent = grains.GetGrain<IAgentInbox>(PresenceKeys.Compose(tenantId, agentId));
            calls.Add((agentId, DispatchTrace.CallAsync(tenantId, inputs, agent, static (a, i) => a.ApplyAsync(i))));
        }

        _byAgent.Clear();
        Count = 0;
        try
        {
            await Task.WhenAll(calls.Select(c => c.Call));
            return ([], null);
        }
        catch (Exception ex)
        {
            return ([.. calls.Where(c => !c.Call.IsCompletedSuccessfully).Select(c => c.AgentId)], ex);
        }
    }
}
