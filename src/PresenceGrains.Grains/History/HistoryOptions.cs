using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Grains.History;

/// <summary>How long history is kept (section <c>Presence:History</c>).</summary>
public sealed class HistoryOptions
{
    public const string Section = "Presence:History";

    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(35);

    /// <summary>The in-memory store's bound per tenant: the oldest events go first past it.</summary>
    [Range(1_000, 50_000_000)]
    public int MaxEventsInMemory { get; set; } = 1_000_000;
}
