using PresenceGrains.Benchmarks.Service;

namespace PresenceGrains.Benchmarks.Memory;

/// <summary>Process memory at one agent count: before the agents were watched, and once every one was resident with state.</summary>
/// <param name="Activations">Grain activations by grain type once resident.</param>
/// <param name="EmulatorRss">The emulator's own process (not counted), for scale.</param>
/// <param name="Health">The channel's health and readiness, timed with every agent resident.</param>
internal sealed record MemoryFigures(
    int Agents,
    int DevicesPerAgent,
    MemorySample Baseline,
    MemorySample Resident,
    double SeedSeconds,
    IReadOnlyDictionary<string, int> Activations,
    long EmulatorRss,
    HealthFigures Health)
{
    /// <summary>How long the device grains took to write their TTL reminders and deactivate after the channel connected.</summary>
    public double DevicesSettledSeconds { get; init; }

    /// <summary>The channel watched for a minute after the reading.</summary>
    public ConnectionWatch? Connection { get; init; }

    /// <summary>The baseline again once the GC gave back what it keeps committed for reuse.</summary>
    public MemorySample? BaselineReturned { get; init; }

    /// <summary>The resident reading again once the GC gave back what it keeps committed for reuse.</summary>
    public MemorySample? ResidentReturned { get; init; }

    /// <summary>The resident reading again a minute later (after the channel was watched), the GC left to itself.</summary>
    public MemorySample? ResidentSettled { get; init; }

    /// <summary>RSS per agent a minute after the reading; null for runs before it was read.</summary>
    public double? SettledRssPerAgent => ResidentSettled is { } s ? (s.Rss - Baseline.Rss) / (double)Agents : null;

    /// <summary>RSS per agent with the GC's free memory given back, in both readings; null for runs before it was read.</summary>
    public double? ReturnedRssPerAgent => BaselineReturned is { } b && ResidentReturned is { } r ? (r.Rss - b.Rss) / (double)Agents : null;

    public double RssPerAgent => (Resident.Rss - Baseline.Rss) / (double)Agents;

    public double ManagedPerAgent => (Resident.Managed - Baseline.Managed) / (double)Agents;

    public double CommittedPerAgent => (Resident.Committed - Baseline.Committed) / (double)Agents;
}

/// <summary>One reading after a full, compacting, blocking collection.</summary>
/// <param name="Rss">Resident set size of the process.</param>
/// <param name="Managed">Live managed heap.</param>
/// <param name="Committed">Memory the GC holds committed (live heap plus what it keeps for reuse).</param>
internal sealed record MemorySample(long Rss, long Managed, long Committed);

/// <summary>The channel read every 250 ms for <paramref name="Seconds"/>: how many readings found it not connected.</summary>
internal sealed record ConnectionWatch(double Seconds, int Readings, int NotConnected);
