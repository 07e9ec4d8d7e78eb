using System.Diagnostics;
using PresenceGrains.Abstractions;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>
/// Reads only the tenant's channel from one host, and whether membership has declared the lost silo dead, every
/// <see cref="Period"/>, beside the full reads of every agent: a full read takes a second or more and can wait seconds
/// behind a grain of the silo going away, and the channel's move and the death would then be timed by when that read
/// ended rather than by when they happened.
/// </summary>
internal sealed class ChannelWatch : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private double _reopened = double.NaN;
    private double _connected = double.NaN;
    private double _dead = double.NaN;

    private ChannelWatch(HttpClient host, string lostSilo, Func<Task<bool>> isDead, Stopwatch clock) =>
        _watching = WatchAsync(host, lostSilo, isDead, clock, _stop.Token);

    /// <summary>Seconds on the clock when the channel was first read as subscribed elsewhere (Connecting or Connected); NaN before.</summary>
    public double ReopenedSeconds => Volatile.Read(ref _reopened);

    /// <summary>Seconds on the clock when the channel was first read as Connected elsewhere; NaN before.</summary>
    public double ConnectedSeconds => Volatile.Read(ref _connected);

    /// <summary>Seconds on the clock when membership was first read declaring the lost silo dead; NaN before.</summary>
    public double DeadSeconds => Volatile.Read(ref _dead);

    public static ChannelWatch Start(HttpClient host, string lostSilo, Func<Task<bool>> isDead, Stopwatch clock) => new(host, lostSilo, isDead, clock);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(HttpClient host, string lostSilo, Func<Task<bool>> isDead, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && (double.IsNaN(ConnectedSeconds) || double.IsNaN(DeadSeconds)))
        {
            try
            {
                if (double.IsNaN(DeadSeconds) && await isDead().WaitAsync(stop))
                {
                    Volatile.Write(ref _dead, clock.Elapsed.TotalSeconds);
                }

                var channel = await LocalCluster.ChannelAsync(host).WaitAsync(stop);
                var now = clock.Elapsed.TotalSeconds;
                if (channel.Silo is { } silo && silo != lostSilo)
                {
                    if (channel.Connection is ChannelConnection.Connecting or ChannelConnection.Connected && double.IsNaN(ReopenedSeconds))
                    {
                        Volatile.Write(ref _reopened, now);
                    }

                    if (channel.Connection == ChannelConnection.Connected && double.IsNaN(ConnectedSeconds))
                    {
                        Volatile.Write(ref _connected, now);
                    }
                }

                await Task.Delay(Period, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // An unanswered read (503 while the channel's grain is placed on the lost silo): read again.
            }
        }
    }
}
