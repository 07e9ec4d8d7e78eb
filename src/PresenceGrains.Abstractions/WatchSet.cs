namespace PresenceGrains.Abstractions;

/// <summary>The agents a tenant's connector watches, each with the devices to follow at device scope.</summary>
/// <remarks>
/// The lists are copied into arrays: the connector persists the set, and grain storage writes a list's runtime type
/// beside it, which for a collection expression is a compiler-made type that storage refuses to read back. A null
/// stays null, for the API and <c>WatchValidation</c> to refuse with a clear message.
/// </remarks>
[GenerateSerializer, Immutable, Alias("PresenceGrains.WatchSet")]
public sealed record WatchSet(IReadOnlyList<WatchedAgent> Agents)
{
    /// <summary>No agent watched.</summary>
    public static WatchSet Empty { get; } = new([]);

    /// <summary>The watched agents.</summary>
    [Id(0)]
    public IReadOnlyList<WatchedAgent> Agents { get; init; } = Agents?.ToArray()!;
}

/// <summary>One watched agent and its devices.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.WatchedAgent")]
public sealed record WatchedAgent([property: Id(0)] string AgentId, IReadOnlyList<string> DeviceIds)
{
    /// <summary>The agent's devices, followed at device scope.</summary>
    [Id(1)]
    public IReadOnlyList<string> DeviceIds { get; init; } = DeviceIds?.ToArray()!;
}
