using Orleans.Concurrency;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Watch;

/// <summary>
/// Answers "is this agent watched" on whichever silo takes the call (a client's gateway), from that silo's
/// <see cref="WatchedSets"/> copy: no call to the connector, which an unknown tenant would otherwise activate, reminder
/// and all.
/// </summary>
[StatelessWorker]
public sealed class WatchedAgentsGrain(WatchedSets watchedSets) : Grain, IWatchedAgentsGrain
{
    public async Task<WatchMembership> FindAsync(string agentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        var index = await watchedSets.GetAsync(this.GetPrimaryKeyString());
        return index.Contains(agentId) ? WatchMembership.Watched
            : index.Set.Agents.Count == 0 ? WatchMembership.TenantWatchesNothing
            : WatchMembership.NotWatched;
    }

    public async Task<int> CountAsync() => (await watchedSets.GetAsync(this.GetPrimaryKeyString())).Set.Agents.Count;
}
