using PresenceGrains.Benchmarks.Service;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>One saturated run: the prepared script sent as fast as the reader takes it.</summary>
/// <param name="Deltas">Deltas on the wire (the emulator's count), the end marker included.</param>
/// <param name="Seconds">From the first emission to the marker's publication (service) or its resolution (ceiling).</param>
/// <param name="Reconnects">Times the channel had to reconnect during the run (a slow consumer is closed by the platform): should be 0.</param>
internal sealed record SaturatedFigures(long Deltas, double Seconds, DirectionalLatency Latency, long Reconnects)
{
    public double DeltasPerSecond => Deltas / Seconds;
}

/// <summary>A paced run at a fixed rate below the ceiling, where latency means something.</summary>
/// <param name="SecondsBetweenChanges">How long each cycled agent waits between two of its changes: under the 500 ms hold window, most lowerings are superseded.</param>
/// <param name="Gc">The garbage collector's pauses in this process (service and emulator) while the run played.</param>
internal sealed record PacedFigures(double TargetRate, double AchievedRate, long Deltas, DirectionalLatency Latency, int AgentsCycled, double SecondsBetweenChanges, GcPauseFigures Gc);

/// <summary>What the service's side of one agent count measured.</summary>
/// <param name="SeedSeconds">Watch set to every agent seeded from REST (at <see cref="IngestPlatform.SeedingRestRate"/> calls/s).</param>
/// <param name="Shed">Deltas the platform client shed under back-pressure (each re-read from REST instead).</param>
/// <param name="NotConverged">Agents whose last publication differs from the truth after the runs (and the wait for them).</param>
/// <param name="ConvergedSeconds">From the end of the paced run until every agent's last publication equalled the truth; NaN if that did not happen within the wait.</param>
/// <param name="Errors">Errors the service logged while measured.</param>
/// <param name="RefusedWrites">Stream writes the memory provider's full tenant queue refused, each written again by its agent.</param>
/// <param name="Redelivered">Publications the stream delivered again or after a newer one of their agent (at least once delivery; ignored by sequence).</param>
/// <param name="Silences">Times the channel went silent past two heartbeat intervals and the agents were shown Stale.</param>
/// <param name="Rereads">Of those, silences whose end showed heartbeats missing, each followed by a re-read of every agent.</param>
/// <param name="CallTimeouts">Grain calls that timed out (logged), over the whole run.</param>
/// <param name="Health">The channel's health and readiness, timed at the tenant's full size.</param>
/// <param name="HistoryLag">How far history trailed the publications during the paced run.</param>
/// <param name="RssMiB">The process's resident memory after the runs.</param>
/// <param name="Storage">Requests to Azure Storage by phase, and how long storage took to settle between phases.</param>
internal sealed record ServiceIngestFigures(
    SaturatedFigures Saturated, PacedFigures Paced, double SeedSeconds, long Shed, int NotConverged, double ConvergedSeconds, int Errors, int RefusedWrites, int Redelivered, int Silences, int Rereads,
    int CallTimeouts, HealthFigures Health, HistoryLagFigures HistoryLag, double RssMiB, StorageFigures Storage);

/// <summary>The service at one agent count, with the Domain-only ceiling on the same stream.</summary>
internal sealed record IngestFigures(int Agents, ServiceIngestFigures ServiceRun, SaturatedFigures Ceiling)
{
    public SaturatedFigures Service => ServiceRun.Saturated;

    public PacedFigures Paced => ServiceRun.Paced;

    public double Ratio => Service.DeltasPerSecond / Ceiling.DeltasPerSecond;
}
