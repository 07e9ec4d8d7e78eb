using System.Collections.Concurrent;
using Orleans.Streams;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>A subscriber to the tenant's channel-health stream: every change of the connection, with its arrival time.</summary>
internal sealed class ChannelRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<(DateTimeOffset At, ChannelConnection Connection)> _changes = new();
    private StreamSubscriptionHandle<ChannelHealth>? _handle;

    public IReadOnlyList<(DateTimeOffset At, ChannelConnection Connection)> Changes => [.. _changes];

    public static async Task<ChannelRecorder> SubscribeAsync(IClusterClient client, string tenant)
    {
        var recorder = new ChannelRecorder();
        var stream = client.GetStreamProvider(PresenceStreams.Provider)
            .GetStream<ChannelHealth>(StreamId.Create(PresenceStreams.ChannelNamespace, tenant));
        recorder._handle = await stream.SubscribeAsync((health, _) =>
        {
            recorder._changes.Enqueue((DateTimeOffset.UtcNow, health.Connection));
            return Task.CompletedTask;
        });
        return recorder;
    }

    /// <summary>Each stretch the channel was not Connected: from the first such change to the next Connected.</summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Outages(DateTimeOffset end)
    {
        var outages = new List<(DateTimeOffset, DateTimeOffset)>();
        DateTimeOffset? lostAt = null;
        foreach (var (at, connection) in Changes)
        {
            if (connection != ChannelConnection.Connected)
            {
                lostAt ??= at;
            }
            else if (lostAt is { } from)
            {
                outages.Add((from, at));
                lostAt = null;
            }
        }

        if (lostAt is { } open)
        {
            outages.Add((open, end));
        }

        return outages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}
