using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Grains;

/// <summary>Timing of the presence rules (configuration section <c>Presence:Rules</c>).</summary>
public sealed class PresenceOptions
{
    public const string Section = "Presence:Rules";

    /// <summary>How long a lowering is held before it is published (design §2 rule 4).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan HoldWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A device not heard of for this long decays to offline. Devices in a steady state send nothing, so this is long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DeviceTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>An agent whose channel stays lost this long decays to Offline with cause Decay.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LostChannelTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The period of decay reminders. Orleans' own minimum reminder period (one minute by default) applies on top of it,
    /// so lower both only in tests.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DecayCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a changed agent or device writes its state. Writes are coalesced rather than made per delta: a write
    /// per delta would cap ingest at the storage's write rate, and what a crash loses inside this interval is re-read
    /// from the platform's REST snapshot when the grain activates again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the connector's keep-alive reminder checks that its channel runs (after a crash or failover).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ConnectorKeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often each silo sends its anomaly counts to the tenants' connectors, for the channel's health: health then
    /// answers from memory instead of asking every agent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan AnomalyReportPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most events the connector dispatches as one batch.</summary>
    [Range(1, 100_000)]
    public int MaxDispatchBatch { get; set; } = 1024;

    /// <summary>How many disconnection windows a tenant keeps in grain state (history keeps them all for its retention).</summary>
    [Range(1, 100_000)]
    public int MaxRecentDisconnections { get; set; } = 1000;
}
