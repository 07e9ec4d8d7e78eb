using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Streams;
using Orleans.Streams.Core;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;
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
/// but the fill and the reads back are synchronous, and they and the stream agree through each publication's sequence.
/// The connector hands on the publication each agent answers its calls with, so every change the channel brings is
/// listed without waiting for the stream, whose queues move (seconds without delivery) or are lost with a silo.
/// </summary>
[Reentrant]
[ImplicitStreamSubscription(PresenceStreams.TenantNamespace)]
public sealed partial class TenantPresenceGrain(
    AgentCensus census, WatchedSets watchedSets, ConnectorPulse pulse, IClusterMembershipService membership, PresenceMetrics metrics,
    TimeProvider time, ILogger<TenantPresenceGrain> logger)
    : Grain, ITenantPresenceGrain, IDirectoryInbox, IStreamSubscriptionObserver, IAsyncObserver<AgentPresence>
{
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    /// <summary>How often agents the connector could not reach are asked whether they answer again.</summary>
    private static readonly TimeSpan UnreachableCheckPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an agent the connector could not reach stays so when it answers reads but neither publishes nor answers
    /// the connector: past Orleans' 30 s response timeout, by when a stuck call has ended and its re-read answered, so
    /// only a connector that is gone itself leaves one this long (its successor's snapshot answers for every agent).
    /// </summary>
    private static readonly TimeSpan UnreachableBound = TimeSpan.FromSeconds(35);

    /// <summary>How often agents that answered the connector below what is listed are read.</summary>
    private static readonly TimeSpan BehindCheckPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>The most agents read in one look: thousands behind at once (a silo's agents restored) are read over several.</summary>
    private const int MostReadBack = 2_000;

    private readonly SortedDictionary<string, AgentPresence> _agents = new(StringComparer.Ordinal);

    // Agents the connector could not reach, with the sequence they had then and when: shown Reconnecting until they
    // publish past it or answer the connector again.
    private readonly Dictionary<string, (long Sequence, DateTimeOffset Since)> _unreachable = new(StringComparer.Ordinal);
    private readonly SiloDeaths _siloDeaths = new(membership);
    private readonly SharedFill _filled = new();
    private long _recoveriesSeen;
    private IGrainTimer? _unreachableCheck;
    private IGrainTimer? _behindCheck;

    // Agents that answered the connector below what is listed of them: read to tell another activation's publication
    // from a later one of their own that the stream brought first.
    private readonly HashSet<string> _behind = new(StringComparer.Ordinal);

    private AgentInboxes? _inboxes;

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
        await CurrentAsync();

        // The filter judges what the reader is shown: a routable filter leaves out agents whose channel this silo has lost.
        return _agents.Values.Select(Shown).Where(filter.Matches).ToList();
    }

    public async Task<IReadOnlyList<AgentPresence>> ListPublishedAsync()
    {
        await CurrentAsync();
        return _agents.Values.ToList();
    }

    /// <summary>Fills the directory, and fills it again from every agent when a read must not trust what it holds.</summary>
    private async Task CurrentAsync()
    {
        // After a lost connector is back, every agent is read again before the list is trusted: its last publications
        // may have died in a stream queue on the lost silo, and the list would show them until each agent's next change.
        // The same after a silo's death, which takes the stream queues it held with it.
        var recoveries = pulse.Recoveries(this.GetPrimaryKeyString());
        if (_siloDeaths.SinceLastLook() | recoveries != _recoveriesSeen)
        {
            _recoveriesSeen = recoveries;
            _filled.Replace(FillAsync(everyAgent: true));
        }

        await EnsureFilledAsync();
    }

    public Task WatchChangedAsync()
    {
        // Refill on the next read rather than now: a watch change may be followed by others.
        watchedSets.Invalidate(this.GetPrimaryKeyString());
        _filled.Invalidate();
        return Task.CompletedTask;
    }

    public Task UnreachableAsync(IReadOnlyList<string> agentIds)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        foreach (var agentId in agentIds)
        {
            if (_agents.TryGetValue(agentId, out var known))
            {
                _unreachable[agentId] = (known.Sequence, time.GetUtcNow());
            }
        }

        _unreachableCheck ??= this.RegisterGrainTimer(CheckUnreachableAsync, new GrainTimerCreationOptions(UnreachableCheckPeriod, UnreachableCheckPeriod));
        return Task.CompletedTask;
    }

    public Task AnsweredAsync(IReadOnlyList<AgentPresence> answered)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var tenantId = this.GetPrimaryKeyString();
        foreach (var presence in answered)
        {
            if (presence.TenantId != tenantId)
            {
                continue;
            }

            // The connector reached it, and it holds everything sent to it (the connector leaves out agents whose re-read
            // is still due).
            _unreachable.Remove(presence.AgentId);
            if (Keep(presence))
            {
                continue;
            }

            if (_agents.TryGetValue(presence.AgentId, out var known) && known.Sequence > presence.Sequence)
            {
                _behind.Add(presence.AgentId);
            }
        }

        if (_behind.Count > 0)
        {
            _behindCheck ??= this.RegisterGrainTimer(ReadBehindAsync, new GrainTimerCreationOptions(BehindCheckPeriod, BehindCheckPeriod));
        }

        return Task.CompletedTask;
    }

    public Task ChannelClosedAsync()
    {
        pulse.Interrupt(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task StreamRefusedAsync(IReadOnlyList<AgentPresence> publications)
    {
        ArgumentNullException.ThrowIfNull(publications);
        var tenantId = this.GetPrimaryKeyString();

        // The stream brings the same publications later, once its queue moved; the sequence makes that a no-op.
        var advanced = publications.Count(p => p.TenantId == tenantId && Keep(p));
        if (advanced > 0)
        {
            metrics.StreamRefused(tenantId, advanced);
            LogStreamRefused(tenantId, advanced);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Reads the agents that answered the connector below what is listed of them: what is listed may be another
    /// activation's publication, or a later one of their own that came first.
    /// </summary>
    private async Task ReadBehindAsync(CancellationToken cancellationToken)
    {
        var tenantId = this.GetPrimaryKeyString();
        var behind = _behind.Take(MostReadBack).ToList();
        _behind.ExceptWith(behind);
        var advanced = 0;
        foreach (var chunk in behind.Chunk(256))
        {
            // One that does not answer in time is read again when it next answers the connector below what is listed.
            foreach (var (_, listed, read) in (await ReadAsync(chunk, cancellationToken)).Where(r => r.Read.IsCompletedSuccessfully))
            {
                advanced += Answered(read.Result, listed) ? 1 : 0;
            }
        }

        if (advanced > 0)
        {
            metrics.ReadBack(tenantId, advanced);
            LogReadBack(tenantId, advanced);
        }

        if (_behind.Count == 0)
        {
            _behindCheck?.Dispose();
            _behindCheck = null;
        }
    }

    /// <summary>
    /// Reads the agents the connector could not reach: one that published past its mark meanwhile is shown as it answers
    /// (re-activated after its silo died, it answers not Fresh until its re-read). One that answers as it was stays
    /// unreachable until the connector reaches it, since the deltas of the call that failed are not in it (a clean
    /// deactivation restores it as it was, Fresh: shown routable, `chaos` had agents listed Available for seconds while
    /// the truth was on a call), or until <see cref="UnreachableBound"/>.
    /// </summary>
    private async Task CheckUnreachableAsync(CancellationToken cancellationToken)
    {
        var givenUp = time.GetUtcNow() - UnreachableBound;
        foreach (var chunk in _unreachable.Keys.ToList().Chunk(256))
        {
            // Those that did not answer are asked again at the next tick.
            foreach (var (agentId, listed, read) in (await ReadAsync(chunk, cancellationToken)).Where(r => r.Read.IsCompletedSuccessfully))
            {
                if (_unreachable.TryGetValue(agentId, out var mark) && mark.Since <= givenUp)
                {
                    _unreachable.Remove(agentId);
                }

                Answered(read.Result, listed);
            }
        }

        if (_unreachable.Count == 0)
        {
            _unreachableCheck?.Dispose();
            _unreachableCheck = null;
        }
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

    /// <summary>What a reader on this silo is shown: not routable while the agent is unreachable or this silo lost the connector.</summary>
    private AgentPresence Shown(AgentPresence presence) =>
        presence.Freshness == Freshness.Fresh && _unreachable.ContainsKey(presence.AgentId)
            ? presence with { Freshness = Freshness.Reconnecting, Routable = false }
            : pulse.Over(presence);

    /// <summary>The fill, started once; one that failed or was canceled (the connector unreachable, an activation timed out) is tried again.</summary>
    private Task EnsureFilledAsync() => _filled.EnsureAsync(() => FillAsync(everyAgent: false));

    private async Task FillAsync(bool everyAgent)
    {
        var tenantId = this.GetPrimaryKeyString();
        var watch = (await watchedSets.GetAsync(tenantId)).Set;
        // Agents the stream has already brought need no call: after a watch change only the new ones are asked, after a
        // recovery from a lost connector every one.
        foreach (var chunk in watch.Agents.Where(a => everyAgent || !_agents.ContainsKey(a.AgentId)).Chunk(512))
        {
            var listed = chunk.Select(a => ListedSequence(a.AgentId)).ToList();
            var current = await Task.WhenAll(chunk.Select(a => Inboxes.Of(a.AgentId).GetPublishedAsync()));
            for (var i = 0; i < current.Length; i++)
            {
                Answered(current[i], listed[i]);
            }
        }

        // Agents no longer watched leave the directory.
        var watched = watch.Agents.Select(a => a.AgentId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _agents.Keys.Where(id => !watched.Contains(id)).ToList())
        {
            census.Move(CensusKey.Of(_agents[gone]), null);
            _agents.Remove(gone);
            _unreachable.Remove(gone);
            _behind.Remove(gone);
        }
    }

    /// <summary>
    /// Reads what these agents last published, each with the sequence listed of it when asked, waiting at most
    /// <see cref="UnreachableCheckPeriod"/>: an agent on a dying silo must not hold the others' answers.
    /// </summary>
    private async Task<List<(string AgentId, long Listed, Task<AgentPresence> Read)>> ReadAsync(string[] agentIds, CancellationToken cancellationToken)
    {
        var reads = agentIds
            .Select(id => (AgentId: id, Listed: ListedSequence(id), Read: Inboxes.Of(id).GetPublishedAsync()))
            .ToList();
        try
        {
            await Task.WhenAll(reads.Select(r => r.Read)).WaitAsync(UnreachableCheckPeriod, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Those that did not answer are the caller's to handle.
        }

        return reads;
    }

    private AgentInboxes Inboxes => _inboxes ??= new AgentInboxes(GrainFactory, this.GetPrimaryKeyString());

    private long ListedSequence(string agentId) => _agents.TryGetValue(agentId, out var known) ? known.Sequence : 0;

    /// <summary>
    /// Keeps what an agent answered a read with, if it advances the agent, and says whether it did. An answer that does
    /// not, though nothing came for the agent while it was asked (<paramref name="listedWhenAsked"/>), and that is older
    /// than what is listed, or as old and different, means another activation of the agent published what is listed.
    /// </summary>
    private bool Answered(AgentPresence answered, long listedWhenAsked)
    {
        if (Keep(answered))
        {
            return true;
        }

        if (_agents.TryGetValue(answered.AgentId, out var listed) && listed.Sequence == listedWhenAsked
            && (listed.Sequence > answered.Sequence || !SamePublication(listed, answered)))
        {
            Outranked(answered.AgentId, listed.Sequence);
        }

        return false;
    }

    private static bool SamePublication(AgentPresence a, AgentPresence b) =>
        (a.State, a.Routable, a.Freshness, a.Since, a.LastUpdated, a.Cause) == (b.State, b.Routable, b.Freshness, b.Since, b.LastUpdated, b.Cause);

    /// <summary>
    /// The listed publication of the agent came from another activation of it (a duplicate that lost the grain
    /// directory's race, or one on a silo that died), past what the live activation publishes: this directory and every
    /// router would ignore the live one until it passed that. It is asked, one-way, to publish again past it.
    /// </summary>
    private void Outranked(string agentId, long listed)
    {
        metrics.Outranked(this.GetPrimaryKeyString(), 1);
        Inboxes.Of(agentId).ReassertAsync(listed).Ignore();
    }

    /// <summary>Keeps a publication that advances its agent, and says whether it did.</summary>
    private bool Keep(AgentPresence item)
    {
        // Streams may redeliver or reorder, and the connector's answers race them; the per-agent sequence decides.
        var isKnown = _agents.TryGetValue(item.AgentId, out var known);
        if (!isKnown || item.Sequence > known!.Sequence)
        {
            _agents[item.AgentId] = item;
            if (_unreachable.TryGetValue(item.AgentId, out var before) && item.Sequence > before.Sequence)
            {
                _unreachable.Remove(item.AgentId);
            }

            census.Move(isKnown ? CensusKey.Of(known!) : null, CensusKey.Of(item));
            return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId}: {Count} publications taken straight from their silo: the stream's queue could not be reached")]
    private partial void LogStreamRefused(string tenantId, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tenant {TenantId}: {Count} agents that answered the connector below what was listed were read, and listed as they answered")]
    private partial void LogReadBack(string tenantId, int count);
}
