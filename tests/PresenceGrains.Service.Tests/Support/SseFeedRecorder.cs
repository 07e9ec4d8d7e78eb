namespace PresenceGrains.Service.Tests.Support;

/// <summary>A live-feed client that keeps reading in the background and records every presence event, until it ends.</summary>
public sealed class SseFeedRecorder : IAsyncDisposable
{
    private readonly SseReader _reader;
    private readonly List<SseEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private SseFeedRecorder(SseReader reader)
    {
        _reader = reader;
        _reading = ReadAsync();
    }

    /// <summary>The events so far, in the order they came.</summary>
    public IReadOnlyList<SseEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Why reading ended (the host went away), or null while it goes on.</summary>
    public Exception? Ended { get; private set; }

    public static async Task<SseFeedRecorder> OpenAsync(HttpClient client, string tenant, long? lastEventId = null) =>
        new(await SseReader.OpenAsync(client, $"/api/tenants/{tenant}/events", lastEventId));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader.DisposeAsync();
        await _reading;
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // No read timeout (one cancelled mid-event would lose the event's first lines): disposing ends the read.
                var next = await _reader.NextAsync(timeout: Timeout.InfiniteTimeSpan);
                lock (_events)
                {
                    _events.Add(next);
                }
            }
        }
        catch (Exception ex) when (_stop.IsCancellationRequested || ex is IOException or HttpRequestException or ObjectDisposedException)
        {
            Ended = ex;
        }
    }
}
