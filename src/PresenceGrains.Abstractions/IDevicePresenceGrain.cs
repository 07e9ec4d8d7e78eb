using Orleans.Concurrency;

namespace PresenceGrains.Abstractions;

/// <summary>
/// One device (key <see cref="PresenceKeys.Compose"/>(tenant, deviceId)): the durable owner of its TTL decay, and a
/// device-level read. The state itself lives in the agent grain, which resolves every device of an agent in one place.
/// </summary>
[Alias("PresenceGrains.IDevicePresenceGrain")]
public interface IDevicePresenceGrain : IGrainWithStringKey
{
    /// <summary>The device as its agent last resolved it; null when no agent has named this device yet.</summary>
    [AlwaysInterleave, Alias("GetAsync")]
    Task<DeviceReading?> GetAsync();
}
