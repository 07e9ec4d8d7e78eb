using Orleans.Concurrency;

namespace PresenceGrains.Grains.History;

/// <summary>A tenant's history writer. Key: tenant id.</summary>
[Alias("PresenceGrains.IHistoryRecorderGrain")]
public interface IHistoryRecorderGrain : IGrainWithStringKey
{
    /// <summary>How far storing and the feed trail the publications (for benchmarks and dashboards).</summary>
    [AlwaysInterleave, Alias("GetLagAsync")]
    Task<HistoryLag> GetLagAsync();
}

/// <summary>Publications numbered but not yet stored and on the feed, and how long the oldest of them has waited.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.HistoryLag")]
public sealed record HistoryLag(
    [property: Id(0)] int Pending,
    [property: Id(1)] TimeSpan OldestWaiting,
    [property: Id(2)] long LastStoredId);
