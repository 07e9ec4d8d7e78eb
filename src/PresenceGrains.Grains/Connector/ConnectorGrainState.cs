using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>What a connector persists: the watched set and the recent disconnection windows.</summary>
[GenerateSerializer]
public sealed class ConnectorGrainState
{
    [Id(0)] public WatchSet Watch { get; set; } = WatchSet.Empty;

    [Id(1)] public List<DisconnectionWindow> Disconnections { get; set; } = [];
}
