namespace PresenceGrains.Grains.Devices;

/// <summary>What a device grain persists: its agent, and whether it is live (and so holds a TTL reminder).</summary>
[GenerateSerializer, Alias("PresenceGrains.DeviceGrainState")]
public sealed class DeviceGrainState
{
    [Id(0)] public string? AgentId { get; set; }

    [Id(3)] public bool Live { get; set; }
}
