namespace PresenceGrains.Abstractions;

/// <summary>A tenant-wide query: null members do not filter.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.AgentFilter")]
public sealed record AgentFilter(
    [property: Id(0)] AgentState? State = null,
    [property: Id(1)] bool? Routable = null)
{
    /// <summary>Every watched agent.</summary>
    public static AgentFilter All { get; } = new();

    /// <summary>Whether a presence passes both filters.</summary>
    /// <param name="presence">The presence to test.</param>
    public bool Matches(AgentPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return (State is null || presence.State == State) && (Routable is null || presence.Routable == Routable);
    }
}
