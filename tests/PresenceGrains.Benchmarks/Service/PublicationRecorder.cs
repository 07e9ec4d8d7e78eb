using Orleans.Streams;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// A subscriber to the tenant's presence stream through the host's <see cref="IClusterClient"/>: keeps every
/// publication with its arrival time, and the latest one of each agent. Like the directory and routers, it keeps each
/// agent's highest sequence: Orleans' persistent streams promise delivery at least once, and a message delivered again
/// brings older publications after newer ones.
/// </summary>
internal sealed class PublicationRecorder : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Publication> _all = [];
    private readonly Publication?[] _latest;
    private readonly AgentDirectory _agents;
    private readonly TimeProvider _time;
    private StreamSubscriptionHandle<AgentPresence>? _handle;
    private int _heard;
    private int _redelivered;

    private PublicationRecorder(AgentDirectory agents, TimeProvider time)
    {
        _agents = agents;
        _time = time;
        _latest = new Publication?[agents.Count];
    }

    /// <summary>How many publications arrived so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Publications that arrived again, or after a newer one of their agent (ignored).</summary>
    public int Redelivered => Volatile.Read(ref _redelivered);

    /// <summary>How many agents have published at least once.</summary>
    public int AgentsHeard => Volatile.Read(ref _heard);

    public static async Task<PublicationRecorder> SubscribeAsync(IClusterClient client, string tenant, AgentDirectory agents, TimeProvider? time = null)
    {
        var recorder = new PublicationRecorder(agents, time ?? TimeProvider.System);
        var stream = client.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<AgentPresence>(StreamId.Create(PresenceStreams.TenantNamespace, tenant));
        recorder._handle = await stream.SubscribeAsync((presence, _) =>
        {
            recorder.Record(presence);
            return Task.CompletedTask;
        });
        return recorder;
    }

    /// <summary>Every publication from position <paramref name="from"/> on (a position is a past <see cref="Count"/>).</summary>
    public Publication[] From(int from)
    {
        lock (_gate)
        {
            return [.. _all.Skip(from)];
        }
    }

    public Publication? Latest(int agent)
    {
        lock (_gate)
        {
            return _latest[agent];
        }
    }

    /// <summary>The latest publication of every agent (null for one not heard yet).</summary>
    public Publication?[] LatestOfEach()
    {
        lock (_gate)
        {
            return [.. _latest];
        }
    }

    /// <summary>Waits for a condition on what arrived, checking every 20 ms; false when the bound passes first.</summary>
    public async Task<bool> WaitForAsync(Func<PublicationRecorder, bool> condition, TimeSpan timeout)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (!condition(this))
        {
            if (_time.GetUtcNow() > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>As <see cref="WaitForAsync"/>, but a bound that passes fails the run with what was awaited.</summary>
    public Task RequireAsync(Func<PublicationRecorder, bool> condition, TimeSpan timeout, string what) => RequireAsync(condition, timeout, () => what);

    /// <param name="what">Asked only on failure: what did not happen, with whatever explains it at that moment.</param>
    public async Task RequireAsync(Func<PublicationRecorder, bool> condition, TimeSpan timeout, Func<string> what)
    {
        if (!await WaitForAsync(condition, timeout))
        {
            throw new TimeoutException($"{what()} did not happen within {timeout.TotalSeconds:0} s ({AgentsHeard} agents heard, {Count} publications).");
        }
    }

    /// <summary>How many agents' latest publication is not at <paramref name="expected"/>'s level.</summary>
    public int CountDiffering(Func<int, Abstractions.AgentState> expected)
    {
        var latest = LatestOfEach();
        return latest.Where((p, agent) => p?.State != expected(agent)).Count();
    }

    /// <summary>Each agent's published level now (Offline for one not heard yet).</summary>
    public Abstractions.AgentState[] Levels() =>
        [.. LatestOfEach().Select(p => p?.State ?? Abstractions.AgentState.Offline)];

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }

    private void Record(AgentPresence presence)
    {
        var received = _time.GetUtcNow();
        var agent = _agents.IndexOf(presence.AgentId);
        if (agent < 0)
        {
            return;
        }

        var publication = new Publication(
            agent, presence.State, presence.Routable, presence.Freshness, presence.Cause, presence.LastUpdated, received, presence.Sequence);
        lock (_gate)
        {
            if (_latest[agent] is { } known && known.Sequence >= publication.Sequence)
            {
                _redelivered++;
                return;
            }

            _all.Add(publication);
            if (_latest[agent] is null)
            {
                _heard++;
            }

            _latest[agent] = publication;
        }
    }
}
