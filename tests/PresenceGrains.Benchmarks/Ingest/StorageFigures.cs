namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>The service's requests to Azure Storage in one phase of the run (none on memory storage).</summary>
/// <param name="Top">The most frequent kinds with their counts, largest first.</param>
internal sealed record StoragePhase(string Phase, double Seconds, long Requests, string Top)
{
    public double PerSecond => Seconds > 0 ? Requests / Seconds : 0;
}

/// <summary>
/// What the run asked of Azure Storage, and how long the work a burst leaves behind (reminder registrations of every
/// device seen signed in, state writes, history) kept storage busy before the next phase began.
/// </summary>
/// <param name="SettledAfterSeedingSeconds">From every agent published to fewer than a handful of writes a second.</param>
/// <param name="SettledBeforePacedSeconds">From the saturated run's last publication to storage settled and history drained.</param>
internal sealed record StorageFigures(double SettledAfterSeedingSeconds, double SettledBeforePacedSeconds, IReadOnlyList<StoragePhase> Phases);
