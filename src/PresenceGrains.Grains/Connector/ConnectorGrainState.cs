using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>What a connector persists: the watched set and the recent disconnection windows.</summary>
[GenerateSerializer]
public sealed class ConnectorGrainState
{
    // A fresh instance, never a shared one: reading stored state populates the object in place (see StoredStateTests).
    [Id(0)] public WatchSet Watch { get; set; } = new([]);

    [Id(1)] public List<DisconnectionWindow> Disconnections { get; set; } = [];
}
