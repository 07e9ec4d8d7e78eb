using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.History;

/// <summary>
/// Where published transitions and disconnection windows are kept for their retention: in memory for the embedded
/// default, in Azure Tables in production.
/// </summary>
public interface IPresenceHistory
{
    /// <summary>The highest event id stored for the tenant; 0 when none.</summary>
    Task<long> GetLastEventIdAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Stores numbered events (ids ascending).</summary>
    Task AppendAsync(string tenantId, IReadOnlyList<PresenceEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The tenant's events with an id above <paramref name="afterId"/>, ascending, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<PresenceEvent>> ReadFeedAsync(string tenantId, long afterId, int max, CancellationToken cancellationToken = default);

    /// <summary>An agent's events whose publication falls in [from, to], ascending.</summary>
    Task<IReadOnlyList<PresenceEvent>> ReadAgentAsync(string tenantId, string agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Stores a closed disconnection window.</summary>
    Task AppendWindowAsync(string tenantId, DisconnectionWindow window, CancellationToken cancellationToken = default);

    /// <summary>The windows that overlap [from, to], ascending by start.</summary>
    Task<IReadOnlyList<DisconnectionWindow>> ReadWindowsAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Forgets everything older than <paramref name="before"/>.</summary>
    Task PruneAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default);
}
