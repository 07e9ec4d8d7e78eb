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

    /// <summary>Sends everything gathered and waits until every agent has taken its part.</summary>
    public async Task DispatchAsync(IGrainFactory grains, string tenantId)
    {
        if (Count == 0)
        {
            return;
        }

        var calls = new List<Task<string?>>(_byAgent.Count);
        foreach (var (agentId, inputs) in _byAgent)
        {
            var agent = grains.GetGrain<IAgentInbox>(PresenceKeys.Compose(tenantId, agentId));
            calls.Add(DispatchOneAsync(tenantId, agentId, inputs, agent));
        }

        _byAgent.Clear();
        Count = 0;
        var lost = (await Task.WhenAll(calls)).OfType<string>().ToList();
        if (lost.Count > 0)
        {
            // Their deltas went down with their silo: the connector re-reads them from REST, once they live elsewhere.
            await grains.GetGrain<IConnectorInbox>(tenantId).RequestSnapshotAsync(lost);
        }
    }

    /// <summary>
    /// One agent's deltas; the agent's id when its silo was lost under the call. That agent is repaired from REST rather
    /// than failing the whole channel loop (which used to stop the channel of every agent for one dead silo's).
    /// </summary>
    private static async Task<string?> DispatchOneAsync(string tenantId, string agentId, List<SignalInput> inputs, IAgentInbox agent)
    {
        try
        {
            await DispatchTrace.CallAsync(tenantId, inputs, agent, static (a, i) => a.ApplyAsync(i));
            return null;
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException)
        {
            return agentId;
        }
    }
}
