namespace PresenceGrains.Abstractions;

/// <summary>The agents a tenant's connector watches, each with the devices to follow at device scope.</summary>
[GenerateSerializer, Immutable]
public sealed record WatchSet([property: Id(0)] IReadOnlyList<WatchedAgent> Agents)
{
    public static WatchSet Empty { get; } = new([]);
}

/// <summary>One watched agent and its devices.</summary>
[GenerateSerializer, Immutable]
public sealed record WatchedAgent(
    [property: Id(0)] string AgentId,
    [property: Id(1)] IReadOnlyList<string> DeviceIds);
