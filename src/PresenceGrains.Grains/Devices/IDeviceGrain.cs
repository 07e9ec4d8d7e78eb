using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Devices;

/// <summary>One device (key <c>tenant/deviceId</c>): its own last-writer-wins cache and TTL decay, in front of its agent.</summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Applies device deltas; the ones that are news are forwarded to the agent.</summary>
    Task ApplyAsync(string agentId, IReadOnlyList<SignalInput> inputs);

    /// <summary>A snapshot named this device: it replaces the cache (REST wins) and counts as hearing from it.</summary>
    Task ConfirmAsync(string agentId, DeviceState state, DateTimeOffset lastUpdated);

    /// <summary>The device as last known; null when nothing was ever heard of it.</summary>
    Task<DevicePresence?> GetAsync();
}
