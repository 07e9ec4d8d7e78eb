using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>What an agent grain persists: its source cache, what it last published, and how it stands with the channel and its devices.</summary>
[GenerateSerializer, Alias("PresenceGrains.AgentGrainState")]
public sealed class AgentGrainState
{
    [Id(0)] public StoredSource? User { get; set; }

    [Id(1)] public List<StoredSource> Devices { get; set; } = [];

    [Id(2)] public AgentPresence? Published { get; set; }

    [Id(3)] public Freshness Freshness { get; set; }

    /// <summary>When the channel was last seen lost (Stale or Reconnecting); null while Fresh.</summary>
    [Id(4)] public DateTimeOffset? LostSince { get; set; }

    /// <summary>The lost-channel reminder is registered (a loss that outlasted <see cref="PresenceOptions.DecayCheckPeriod"/>).</summary>
    [Id(6)] public bool LostChannelReminderRegistered { get; set; }

    // A fresh instance, never the shared AgentAnomalies.None: reading stored state populates the object in place.
    [Id(5)] public AgentAnomalies Anomalies { get; set; } = new(0, 0, 0, 0, 0);

    /// <summary>Local time each device was last named by a delta or a snapshot: its TTL counts from here.</summary>
    [Id(7)] public Dictionary<string, DateTimeOffset> DeviceHeardAt { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The liveness each device grain was last told (so it is told only of changes).</summary>
    [Id(8)] public Dictionary<string, bool> DeviceLivenessTold { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Written by a deactivation that flushed everything (collected when idle, a graceful shutdown), and cleared by the
    /// next activation before it trusts the rest: only a stored state without it can be behind what was published.
    /// </summary>
    [Id(9)] public bool DeactivatedCleanly { get; set; }
}
