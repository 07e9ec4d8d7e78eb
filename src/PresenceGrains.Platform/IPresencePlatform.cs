using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Platform;

/// <summary>
/// One platform tenant's presence source, as the connector grain sees it. The seed protocol is the first implementation;
/// Genesys Cloud and NICE CXone adapters sit beside it behind this same interface.
/// </summary>
public interface IPresencePlatform : IAsyncDisposable
{
    /// <summary>
    /// Runs the channel until <paramref name="cancellationToken"/> is cancelled: connects, subscribes to exactly
    /// <paramref name="subscription"/>, reconnects with backoff, and yields validated events in arrival order. The
    /// sequence never ends on a channel fault; it completes (without throwing) only on cancellation. An unsafe
    /// subscription throws at the call, before anything is sent. One channel per instance at a time.
    /// </summary>
    IAsyncEnumerable<PlatformEvent> RunAsync(WatchSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Reads authoritative snapshots for any number of agents (the client batches and paces them).</summary>
    Task<SnapshotResult> GetSnapshotsAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken);

    /// <summary>Reads the authoritative snapshot of one agent; null when the platform does not know it.</summary>
    Task<AgentSnapshot?> GetSnapshotAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>Sends presence corrections after a reconnect (seed edge case 2).</summary>
    Task SendCorrectionsAsync(IReadOnlyCollection<CorrectionRequest> corrections, CancellationToken cancellationToken);

    /// <summary>The channel's health right now, for the API and dashboards. Never contains a token.</summary>
    ChannelStatus Status { get; }

    /// <summary>
    /// The consumer re-read the agents <paramref name="request"/> named and found <paramref name="changedAgents"/> of
    /// them wrong: drift repaired, counted by the request's <see cref="ResnapshotRequired.Cause"/> on
    /// <c>presence.drift.repaired</c>. Only the consumer knows the outcome, so it reports it here.
    /// </summary>
    void DriftRepaired(ResnapshotRequired request, int changedAgents)
    {
    }
}

/// <summary>The snapshots that were read, and the ids the platform does not know.</summary>
public sealed record SnapshotResult(IReadOnlyList<AgentSnapshot> Snapshots, IReadOnlyList<string> NotFound);

/// <summary>A correction for one agent whose platform state was wrong during a disconnection window.</summary>
public sealed record CorrectionRequest(
    string AgentId,
    PresenceLevel State,
    DateTimeOffset DisconnectedAt,
    DateTimeOffset ReconnectedAt,
    string Reason);
