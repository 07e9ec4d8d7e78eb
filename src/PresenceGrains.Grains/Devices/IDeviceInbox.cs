using Orleans.Concurrency;

namespace PresenceGrains.Grains.Devices;

/// <summary>What an agent tells its device grain (key <c>tenant/deviceId</c>): one-way, so an agent never waits on a device.</summary>
[Alias("PresenceGrains.IDeviceInbox")]
public interface IDeviceInbox : IGrainWithStringKey
{
    /// <summary>
    /// The agent saw this device for the first time, or its liveness changed (offline ↔ anything else). A live device
    /// keeps a TTL reminder; an offline one has nothing to decay.
    /// </summary>
    [OneWay, Alias("LivenessChangedAsync")]
    Task LivenessChangedAsync(string agentId, bool live);
}
