namespace PresenceGrains.Benchmarks.Soak;

/// <summary>A soak's figures, and the signs of a crash.</summary>
/// <param name="NeverRepaired">Agents not Fresh and equal to the truth after the quiet end (simulation stopped, every fault off).</param>
/// <param name="UnobservedExceptions">Tasks that faulted with nobody looking (TaskScheduler.UnobservedTaskException).</param>
/// <param name="ServiceErrors">Errors the service logged.</param>
/// <param name="FinalConnection">The connector's channel at the end.</param>
/// <param name="Warnings">Warnings the service logged, by category (expected under faults).</param>
internal sealed record SoakFigures(
    int Agents,
    double Minutes,
    double TimeScale,
    long TruthTransitions,
    long Publications,
    IReadOnlyList<SoakScore> Scores,
    int NeverRepaired,
    IReadOnlyList<string> NeverRepairedExamples,
    int UnobservedExceptions,
    int ServiceErrors,
    IReadOnlyList<string> FirstErrors,
    string FinalConnection,
    long Reconnects,
    IReadOnlyDictionary<string, int> Warnings)
{
    /// <summary>Channel outages (not Connected → Connected again), as the channel-health stream showed them.</summary>
    public IReadOnlyList<string> Outages { get; init; } = [];

    /// <summary>The silent delta loss at the end, and how the background re-read repaired it.</summary>
    public SilentLossFigures? SilentLoss { get; init; }

    /// <summary>The first warnings the service logged, stamped (kept in the JSON, for reading what happened when).</summary>
    public IReadOnlyList<string> FirstWarnings { get; init; } = [];
}
