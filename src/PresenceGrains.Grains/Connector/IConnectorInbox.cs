using Orleans.Concurrency;

namespace PresenceGrains.Grains.Connector;

/// <summary>Requests to a tenant's connector from other grains. Key: tenant id.</summary>
public interface IConnectorInbox : IGrainWithStringKey
{
    /// <summary>
    /// These agents may have missed changes (an agent grain re-activated after a silo loss, or events were shed): read them
    /// from REST soon. Requests are coalesced and paced by the connector.
    /// </summary>
    [OneWay]
    Task RequestSnapshotAsync(IReadOnlyList<string> agentIds);
}
