using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// What a connector stored before the watched set moved into chunks of its own (<see cref="Watch.WatchStore"/>): read
/// once on activation, moved, and cleared. Kept only so that state written by earlier versions still loads.
/// </summary>
[GenerateSerializer, Alias("PresenceGrains.ConnectorGrainState")]
public sealed class ConnectorGrainState
{
    // A fresh instance, never a shared one: reading stored state populates the object in place (see StoredStateTests).
    [Id(0)] public WatchSet Watch { get; set; } = new([]);

    [Id(1)] public List<DisconnectionWindow> Disconnections { get; set; } = [];
}
