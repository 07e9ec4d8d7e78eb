using System.Collections.Concurrent;
using PresenceGrains.Abstractions;
using PresenceGrains.Client;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>Reads a client's change feed in the background and keeps what it yields, for a test to wait on and judge.</summary>
public sealed class FeedRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<PresenceChange> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public FeedRecorder(IPresenceClient client, string tenant)
    {
        _reading = Task.Run(async () =>
        {
            await foreach (var change in client.WatchAsync(tenant, cancellationToken: _stop.Token))
            {
                _seen.Enqueue(change);
            }
        });
    }

    public IReadOnlyList<PresenceChange> Seen => _seen.ToArray();

    /// <summary>
    /// How long after the platform stamped it each raise reached this process: a publication that makes an agent busier
    /// than its previous one on the feed (a higher state, or routable lost), from live deltas on a fresh channel.
    /// </summary>
    public IReadOnlyList<TimeSpan> RaiseLatencies()
    {
        var previous = new Dictionary<string, AgentPresence>(StringComparer.Ordinal);
        var latencies = new List<TimeSpan>();
        foreach (var change in Seen)
        {
            if (change.Presence is not { } p)
            {
                previous.Clear();
                continue;
            }

            if (previous.TryGetValue(p.AgentId, out var before) && p.Cause == ChangeCause.Delta && p.Freshness == Freshness.Fresh
                && (p.State > before.State || (before.Routable && !p.Routable)))
            {
                latencies.Add(change.ReceivedAt - p.LastUpdated);
            }

            previous[p.AgentId] = p;
        }

        return latencies;
    }

    /// <summary>Waits for a feed item, from the <paramref name="from"/>th on, that matches; returns its index.</summary>
    public Task<int> WaitForAsync(Func<PresenceChange, bool> match, string what, int from = 0) =>
        Wait.UntilAsync(() => Task.FromResult(IndexOf(match, from)), i => i >= 0, what: what);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private int IndexOf(Func<PresenceChange, bool> match, int from)
    {
        if (_reading.IsFaulted)
        {
            throw new InvalidOperationException("The feed failed.", _reading.Exception);
        }

        var seen = Seen;
        for (var i = from; i < seen.Count; i++)
        {
            if (match(seen[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
