namespace PresenceGrains.Grains.Devices;

/// <summary>What a device grain persists: its owner, its cached signal, and when anything was last heard of it.</summary>
[GenerateSerializer]
public sealed class DeviceGrainState
{
    [Id(0)] public string? AgentId { get; set; }

    [Id(1)] public Agents.StoredSource? Source { get; set; }

    /// <summary>Local time of the last delta or snapshot that named this device: the TTL counts from here.</summary>
    [Id(2)] public DateTimeOffset LastHeardAt { get; set; }
}
