using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Host.Configuration;

/// <summary>The in-process emulator of the embedded default (section <c>Presence:Embedded</c>).</summary>
public sealed class EmbeddedSettings
{
    public const string Section = "Presence:Embedded";

    /// <summary>How many simulated agents the embedded contact centre has (all are watched).</summary>
    [Range(1, 200_000)]
    public int AgentCount { get; set; } = 50;

    /// <summary>The simulation's seed: the same seed gives the same day.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>The emulator's loopback port; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }
}
