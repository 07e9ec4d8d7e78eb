using System.Diagnostics.Metrics;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Client;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Client;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>
/// What a router of the cluster is shown, over time: an Orleans client set up as routers set theirs up
/// (<c>AddPresenceClient</c>, gateways found in the Azure membership table), following the tenant's changes. When its
/// gateway's silo dies the feed subscribes again and says so; it then re-reads every agent, as a router is told to,
/// and what it reads counts as shown from that moment. Each agent's highest sequence is kept, as routers keep it. After
/// a lost gateway while others answer, the feed reads the tenant's directory itself for a while; the client's meter
/// says how often, and how many changes it delivered that way.
/// </summary>
internal sealed class RouterTimeline : IAsyncDisposable
{
    private readonly RouterProcess _router;
    private readonly IPresenceClient _presence;
    private readonly AgentDirectory _agents;
    private readonly string _tenant;
    private readonly Lock _gate = new();
    private readonly List<Publication> _all = [];
    private readonly long[] _sequence;
    private readonly CancellationTokenSource _stop = new();
    private readonly MeterListener _meters = new();
    private long _gatewayLosses;
    private long _repaired;
    private Task _following = Task.CompletedTask;

    private RouterTimeline(RouterProcess router, AgentDirectory agents, string tenant)
    {
        _router = router;
        _presence = router.Presence;
        _agents = agents;
        _tenant = tenant;
        _sequence = new long[agents.Count];
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PresenceClientMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == PresenceClientMetrics.FeedGatewayLosses)
            {
                Interlocked.Add(ref _gatewayLosses, value);
            }
            else if (instrument.Name == PresenceClientMetrics.FeedRepaired)
            {
                Interlocked.Add(ref _repaired, value);
            }
        });
        _meters.Start();
    }

    /// <summary>Gateways the feed saw lost while others answered, each followed by its reads of the directory.</summary>
    public long GatewayLosses => Interlocked.Read(ref _gatewayLosses);

    /// <summary>Changes the feed delivered from those reads: what the stream had not brought.</summary>
    public long Repaired => Interlocked.Read(ref _repaired);

    /// <summary>Times the feed said changes may have been missed (a lost gateway, or the reader behind), each followed by a re-read.</summary>
    public int Gaps { get; private set; }

    /// <summary>Re-reads that failed (no gateway answered yet); the next gap or the next change catches up.</summary>
    public int FailedRereads { get; private set; }

    /// <summary>Connects, starts following, then reads every agent once: the first thing shown of each.</summary>
    public static async Task<RouterTimeline> StartAsync(LocalCluster cluster, AgentDirectory agents, string tenant)
    {
        var router = await RouterProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Presence:Client:ConnectionString"] = cluster.StorageConnectionString,
            ["Presence:Client:ClusterId"] = cluster.ClusterId,
        });
        var timeline = new RouterTimeline(router, agents, tenant);
        timeline._following = timeline.FollowAsync(timeline._stop.Token);
        await timeline.RereadAsync(DateTimeOffset.UtcNow);
        return timeline;
    }

    /// <summary>Everything shown so far, in arrival order.</summary>
    public Publication[] Shown()
    {
        lock (_gate)
        {
            return [.. _all];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _following;
        }
        catch (OperationCanceledException)
        {
        }

        await _router.StopAsync();
        _router.Dispose();
        _meters.Dispose();
        _stop.Dispose();
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _presence.WatchAsync(_tenant, cancellationToken: cancellationToken))
                {
                    if (change is { Kind: PresenceChangeKind.Changed, Presence: { } presence })
                    {
                        Add(presence, change.ReceivedAt);
                    }
                    else
                    {
                        Gaps++;
                        await TryRereadAsync();
                    }
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The feed itself failed (no gateway at all for a while): start it again, and re-read what it missed.
                Gaps++;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                await TryRereadAsync();
            }
        }
    }

    private async Task TryRereadAsync()
    {
        try
        {
            await RereadAsync(DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            FailedRereads++;
        }
    }

    private async Task RereadAsync(DateTimeOffset asked)
    {
        var all = await _presence.ListAsync(_tenant, AgentFilter.All);
        var at = DateTimeOffset.UtcNow;
        foreach (var presence in all)
        {
            Add(presence, at > asked ? at : asked);
        }
    }

    private void Add(AgentPresence presence, DateTimeOffset at)
    {
        var agent = _agents.IndexOf(presence.AgentId);
        if (agent < 0)
        {
            return;
        }

        lock (_gate)
        {
            if (presence.Sequence <= _sequence[agent])
            {
                return;
            }

            _sequence[agent] = presence.Sequence;
            _all.Add(new Publication(agent, presence.State, presence.Routable, presence.Freshness, presence.Cause, presence.LastUpdated, at, presence.Sequence));
        }
    }
}
