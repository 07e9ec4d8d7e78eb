using PresenceGrains.Grains.History;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// Watches how far history (stored in batches, then put on the feed) trails the publications while a run goes on:
/// the recorder keeps up when its queue stays short and its oldest event never waits long.
/// </summary>
internal sealed class HistoryLagSampler : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly IHistoryRecorderGrain _recorder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private int _maxPending;
    private TimeSpan _maxWait;
    private int _samples;

    private HistoryLagSampler(IHistoryRecorderGrain recorder)
    {
        _recorder = recorder;
        _sampling = SampleAsync();
    }

    public static HistoryLagSampler Start(ServiceUnderTest service) =>
        new(service.Grains.GetGrain<IHistoryRecorderGrain>(ServiceUnderTest.Tenant));

    public async Task<HistoryLagFigures> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        var final = await _recorder.GetLagAsync();
        return new HistoryLagFigures(_maxPending, _maxWait.TotalMilliseconds, final.Pending, _samples);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var lag = await _recorder.GetLagAsync();
                _maxPending = Math.Max(_maxPending, lag.Pending);
                _maxWait = lag.OldestWaiting > _maxWait ? lag.OldestWaiting : _maxWait;
                _samples++;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}

/// <summary>The recorder's queue while measured: the longest it got, its oldest event's longest wait, and what was left at the end.</summary>
internal sealed record HistoryLagFigures(int MaxPending, double MaxWaitMs, int PendingAtEnd, int Samples);
