using Orleans.Concurrency;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>The agent grain's inputs, used by the connector and device grains only (not by integrations).</summary>
[Alias("PresenceGrains.IAgentInbox")]
public interface IAgentInbox : IGrainWithStringKey
{
    /// <summary>
    /// Applies user-level and device deltas, in timestamp order: the one grain call a delta costs. Returns the agent's
    /// latest publication (sequence 0: none yet), which the connector hands to the tenant directory.
    /// </summary>
    [Alias("ApplyAsync")]
    Task<AgentPresence> ApplyAsync(IReadOnlyList<SignalInput> inputs);

    /// <summary>Applies an authoritative snapshot and the freshness that comes with it; published at once.</summary>
    [Alias("ApplySnapshotAsync")]
    Task<SnapshotOutcome> ApplySnapshotAsync(SnapshotInput snapshot);

    /// <summary>Reports the channel's freshness (broadcast once per channel change).</summary>
    [Alias("SetFreshnessAsync")]
    Task SetFreshnessAsync(Freshness freshness);

    /// <summary>A device grain's TTL reminder fired: decay the device if nothing was heard of it for the TTL. One-way.</summary>
    [OneWay, Alias("CheckDeviceTtlAsync")]
    Task CheckDeviceTtlAsync(string deviceId);

    /// <summary>
    /// Another activation of this agent published up to <paramref name="outranked"/> (the tenant directory holds it):
    /// publish what is shown again past it, or subscribers ignore this activation's publications. One-way.
    /// </summary>
    [OneWay, Alias("ReassertAsync")]
    Task ReassertAsync(long outranked);

    /// <summary>
    /// What the agent last published, as the stream carried it: for the tenant directory, which keeps publications.
    /// <see cref="IAgentPresenceGrain.GetAsync"/> answers readers, and on a silo that lost its connector it answers
    /// Reconnecting without publishing it.
    /// </summary>
    [AlwaysInterleave, Alias("GetPublishedAsync")]
    Task<AgentPresence> GetPublishedAsync();
}
