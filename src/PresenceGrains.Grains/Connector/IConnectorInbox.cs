using Orleans.Concurrency;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Connector;

/// <summary>Notices to a tenant's connector from other grains and silos, all one-way: nothing waits on the connector. Key: tenant id.</summary>
[Alias("PresenceGrains.IConnectorInbox")]
public interface IConnectorInbox : IGrainWithStringKey
{
    /// <summary>
    /// These agents may have missed changes (an agent grain re-activated after a silo loss, or events were shed): read them
    /// from REST soon. Requests are coalesced and paced by the connector.
    /// </summary>
    [OneWay, Alias("RequestSnapshotAsync")]
    Task RequestSnapshotAsync(IReadOnlyList<string> agentIds);

    /// <summary>A silo's anomaly totals for this tenant since it started; the health view keeps the latest of each silo.</summary>
    [OneWay, AlwaysInterleave, Alias("ReportAnomaliesAsync")]
    Task ReportAnomaliesAsync(string silo, AgentAnomalies totals);

    /// <summary>
    /// This connector's silo is shutting down: move to <paramref name="target"/> as soon as the current call ends, rather
    /// than wait for the silo's own deactivation of every grain and then for a caller to activate it elsewhere.
    /// </summary>
    [AlwaysInterleave, Alias("HandOverAsync")]
    Task HandOverAsync(SiloAddress target);
}
