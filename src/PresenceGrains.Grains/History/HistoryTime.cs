using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>The instant an event counts at in history: when it was published, by the platform's clock when it has one.</summary>
internal static class HistoryTime
{
    public static DateTimeOffset Of(PresenceEvent e) =>
        e.Presence.LastUpdated > DateTimeOffset.MinValue ? e.Presence.LastUpdated : e.Presence.Since;
}
