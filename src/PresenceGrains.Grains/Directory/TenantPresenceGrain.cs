using Orleans.Concurrency;
using Orleans.Streams;
using Orleans.Streams.Core;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Grains.Watch;

namespace PresenceGrains.Grains.Directory;

/// <summary>
/// A tenant's presence directory (key: tenant id): the latest publication of every agent, fed by the tenant stream
/// through an implicit subscription, so that a filtered list costs one call instead of one per agent. On activation it
/// fills itself once from the watched agents (this silo's copy of the watched set, never the connector: the connector
/// tells it of watch changes one-way, so neither waits on the other), since it only hears changes from then on. It is also what
/// <see cref="PresenceMetrics.Agents"/> counts, so it stays active rather than go quiet with its tenant at night.
/// Reentrant: a fill waits on thousands of agents (each an activation and a state read, seconds apart on a loaded Azure
/// table), and a non-reentrant directory held the tenant stream's deliveries behind it — the stream's pulling agent
/// then held every other subscriber of the tenant, routers included, for the 30 s of a timed-out call. Every handler
/// but the fill is synchronous, and the fill and the stream agree through each publication's sequence.
/// </summary>
[Reentrant]
[ImplicitStreamSubscription(PresenceStreams.TenantNamespace)]
public sealed class TenantPresenceGrain(AgentCensus census, WatchedSets watchedSets)
    : Grain, ITenantPresenceGrain, IDirectoryInbox, IStreamSubscriptionObserver, IAsyncObserver<AgentPresence>
{
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private readonly SortedDictionary<string, AgentPresence> _agents = new(StringComparer.Ordinal);
    private Task? _filled;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Each tick also refills a directory whose watched set changed since, so the counts follow within a period.
        this.RegisterGrainTimer(_ => EnsureFilledAsync(), new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod) { KeepAlive = true });
        EnsureFilledAsync().Ignore();
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Whichever silo activates the directory next counts the tenant from then on.
        foreach (var presence in _agents.Values)
        {
            census.Move(CensusKey.Of(presence), null);
        }

        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<IReadOnlyList<AgentPresence>> ListAsync(AgentFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureFilledAsync();
        return _agents.Values.Where(filter.Matches).ToList();
    }

    public Task WatchChangedAsync()
    {
        // Refill on the next read rather than now: a watch change may be followed by others.
        watchedSets.Invalidate(this.GetPrimaryKeyString());
        _filled = null;
        return Task.CompletedTask;
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        return handleFactory.Create<AgentPresence>().ResumeAsync(this);
    }

    public Task OnNextAsync(AgentPresence item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        Keep(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>The fill, started once; a fill that failed (the connector was unreachable, say) is tried again.</summary>
    private Task EnsureFilledAsync()
    {
        if (_filled is null or { IsFaulted: true })
        {
            _filled = FillAsync();
        }

        return _filled;
    }

    private async Task FillAsync()
    {
        var tenantId = this.GetPrimaryKeyString();
        var watch = (await watchedSets.GetAsync(tenantId)).Set;
        // Agents the stream has already brought need no call: after a watch change, only the new ones are asked.
        foreach (var chunk in watch.Agents.Where(a => !_agents.ContainsKey(a.AgentId)).Chunk(512))
        {
            var current = await Task.WhenAll(chunk.Select(a =>
                GrainFactory.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(tenantId, a.AgentId)).GetAsync()));
            foreach (var presence in current)
            {
                Keep(presence);
            }
        }

        // Agents no longer watched leave the directory.
        var watched = watch.Agents.Select(a => a.AgentId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _agents.Keys.Where(id => !watched.Contains(id)).ToList())
        {
            census.Move(CensusKey.Of(_agents[gone]), null);
            _agents.Remove(gone);
        }
    }

    private void Keep(AgentPresence item)
    {
        // Streams may redeliver or reorder; the per-agent sequence decides.
        var isKnown = _agents.TryGetValue(item.AgentId, out var known);
        if (!isKnown || item.Sequence > known!.Sequence)
        {
            _agents[item.AgentId] = item;
            census.Move(isKnown ? CensusKey.Of(known!) : null, CensusKey.Of(item));
        }
    }
}
