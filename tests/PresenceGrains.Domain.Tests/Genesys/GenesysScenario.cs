using PresenceGrains.Domain.Genesys;
using PresenceGrains.Domain.Tests.Properties;

namespace PresenceGrains.Domain.Tests.Genesys;

/// <summary>One change of one Genesys source, at the instant Genesys made it.</summary>
internal sealed record GenesysChange(DateTimeOffset At, GenesysSystemPresence? Presence, GenesysRoutingStatus? Routing, ConversationCounts? Conversations, bool? Station)
{
    public int Source => Presence is not null ? 0 : Routing is not null ? 1 : Conversations is not null ? 2 : 3;

    /// <summary>Presence and routing status carry Genesys's own time; the summary and the station do not.</summary>
    public bool Timestamped => Source < 2;

    public override string ToString() =>
        $"+{(At - Clock.T0).TotalMilliseconds}ms {(object?)Presence ?? (object?)Routing ?? (object?)Conversations ?? $"station={Station}"}";
}

/// <summary>
/// A generated day of one agent on Genesys: where it starts (read by snapshot), what changed when, and how the socket
/// delivered it. Timestamped changes may overtake each other; the ones without a timestamp arrive in the order they
/// were made (one socket, one sender), which is what ordering them by arrival assumes.
/// </summary>
internal sealed record GenesysScenario(GenesysAgentReading Start, IReadOnlyList<GenesysChange> Changes, IReadOnlyList<Delivery> Deliveries)
{
    public override string ToString() =>
        $"start {Start} changes [{string.Join(", ", Changes)}] delivered [{string.Join(", ", Deliveries.OrderBy(d => d.At))}]";
}
