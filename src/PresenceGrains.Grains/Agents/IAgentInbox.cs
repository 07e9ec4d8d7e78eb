using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>The agent grain's inputs, used by the connector and device grains only (not by integrations).</summary>
public interface IAgentInbox : IGrainWithStringKey
{
    /// <summary>Applies deltas as one step (an inversion inside a batch never shows).</summary>
    Task ApplyAsync(IReadOnlyList<SignalInput> inputs);

    /// <summary>Applies an authoritative snapshot and the freshness that comes with it; published at once.</summary>
    Task<SnapshotOutcome> ApplySnapshotAsync(SnapshotInput snapshot);

    /// <summary>Reports the channel's freshness (broadcast once per channel change).</summary>
    Task SetFreshnessAsync(Freshness freshness);

    /// <summary>A device decayed after its TTL without any signal.</summary>
    Task DecayDeviceAsync(string deviceId);

    /// <summary>Anomaly counters of this agent, for the tenant's totals.</summary>
    Task<AgentAnomalies> GetAnomaliesAsync();
}
