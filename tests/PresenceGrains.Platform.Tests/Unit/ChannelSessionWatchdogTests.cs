using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Platform.Auth;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Unit;

/// <summary>
/// The half-open watchdog with the seed's 5 s threshold, exactly: one session over a loopback WebSocket whose far end
/// acknowledges and then goes quiet, on a fake clock.
/// </summary>
public sealed class ChannelSessionWatchdogTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new(new StubPlatform());
    private readonly OAuthTokenProvider _tokens;
    private readonly ChannelStatusTracker _status;
    private readonly ChannelSession _session;

    public ChannelSessionWatchdogTests()
    {
        var options = TestOptions.For(new Uri("http://platform.test/"));
        var logger = CapturedLog.Factory.CreateLogger<ChannelSessionWatchdogTests>();
        _tokens = new OAuthTokenProvider(_http, options, new PlatformEndpoints(options.BaseUrl!), new ConfiguredClientSecretSource(options.ClientSecret), _time, logger, PlatformMetrics.Shared);
        _status = new ChannelStatusTracker(_time, FreshnessTracker.DefaultStaleAfter, 10);
        var buffer = new EventBuffer(100, options.BackPressureTimeout, 100, [], _status, _time, logger, options.TenantId);
        _session = new ChannelSession(buffer, _status, _tokens, options, _time, logger, PlatformMetrics.Shared);
    }

    public ValueTask DisposeAsync()
    {
        _tokens.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Five_seconds_after_the_last_frame_the_session_ends_stale_and_drops_the_socket()
    {
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        var token = await _tokens.GetTokenAsync(default);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = _session.RunAsync(sockets.Client, token, "{}"u8.ToArray(), _ => { subscribed.TrySetResult(); return ValueTask.CompletedTask; }, default);

        var buffer = new byte[1024];
        await sockets.Server.ReceiveAsync(buffer, default);
        await SendAsync(sockets.Server, $$"""{"eventType":"subscribed","users":1,"devices":0,"timestamp":"{{_time.GetUtcNow():O}}"}""");
        await subscribed.Task.WaitAsync(Eventually.DefaultTimeout);

        // A heartbeat at +3 s moves the stale point to +8 s.
        _time.Advance(TimeSpan.FromSeconds(3));
        var heartbeatAt = _time.GetUtcNow();
        await SendAsync(sockets.Server, $$"""{"eventType":"heartbeat","timestamp":"{{heartbeatAt:O}}"}""");
        await Eventually.HoldsAsync(() => _status.Snapshot(null, 0).LastHeartbeat == heartbeatAt, "the heartbeat to be read");

        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var end = await run.WaitAsync(Eventually.DefaultTimeout);

        Assert.True(end.Stale);
        Assert.True(end.Subscribed);
        Assert.Equal(heartbeatAt, end.LostAt);
        Assert.Equal("stale: no heartbeat or message for 00:00:05", end.Cause);

        // The half-open socket is dropped, not left for the platform to time out.
        Assert.Equal(WebSocketState.Aborted, sockets.Client.State);
        await Assert.ThrowsAsync<WebSocketException>(() => sockets.Server.ReceiveAsync(buffer, default));
    }

    [Fact]
    public async Task A_missed_heartbeat_is_reported_only_once_this_process_runs_queued_work_promptly()
    {
        // The first three looks find queued work 300 ms late (a starved process), the fourth finds it prompt.
        var probes = new List<int>();
        var session = SessionWithProbe(() => { probes.Add(probes.Count); return probes.Count <= 3 ? TimeSpan.FromMilliseconds(300) : TimeSpan.Zero; });
        var silence = new RecordingSilenceHandler(() => probes.Count);
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        var run = await SubscribeAsync(session, sockets, silence);
        await SendHeartbeatsAsync(sockets.Server, 4);

        await AdvanceUntilAsync(TimeSpan.FromSeconds(3), () => silence.ReportedAtProbe is not null);

        Assert.Equal(4, silence.ReportedAtProbe);
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task A_process_starved_until_the_stale_threshold_still_ends_the_session_there()
    {
        var session = SessionWithProbe(() => TimeSpan.FromMilliseconds(300));
        var silence = new RecordingSilenceHandler(() => 0);
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        var run = await SubscribeAsync(session, sockets, silence);
        var lastHeartbeat = await SendHeartbeatsAsync(sockets.Server, 4);

        await AdvanceUntilAsync(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1), () => run.IsCompleted);
        Assert.Null(silence.ReportedAtProbe);
        Assert.False(run.IsCompleted);
        await AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => run.IsCompleted);
        var end = await run.WaitAsync(Eventually.DefaultTimeout);

        Assert.True(end.Stale);
        Assert.Equal(lastHeartbeat, end.LostAt);
    }

    [Fact]
    public async Task A_pause_past_the_stale_point_ends_nothing_when_the_reader_catching_up_takes_a_heartbeat()
    {
        // The process pauses (a long GC) past the stale point while a heartbeat waits in the socket; the reader takes it
        // while this process works through its backlog, which is when the watchdog measures its own scheduling.
        LoopbackWebSockets? open = null;
        var caughtUp = false;
        var session = SessionWithProbe(async () =>
        {
            if (!caughtUp)
            {
                caughtUp = true;
                var at = _time.GetUtcNow();
                await SendAsync(open!.Server, $$"""{"eventType":"heartbeat","timestamp":"{{at:O}}"}""");
                await Eventually.HoldsAsync(() => _status.Snapshot(null, 0).LastHeartbeat == at, "the waiting heartbeat to be read");
            }

            return TimeSpan.Zero;
        });
        var silence = new RecordingSilenceHandler(() => 0);
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        open = sockets;
        var run = await SubscribeAsync(session, sockets, silence);
        await SendHeartbeatsAsync(sockets.Server, 4);

        _time.Advance(TimeSpan.FromSeconds(8));
        await AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => caughtUp || run.IsCompleted);

        Assert.False(run.IsCompleted, "the session ended before the reader could take the heartbeat waiting for it");
        Assert.True(caughtUp);
        Assert.Null(silence.ReportedAtProbe);
        await AdvanceUntilAsync(TimeSpan.FromSeconds(4), () => run.IsCompleted);
        Assert.False(run.IsCompleted, "the session ended although the reader took a heartbeat as the process caught up");
    }

    /// <summary>
    /// Moves the fake clock in steps shorter than the watchdog's late-wake allowance, giving it a moment to run between
    /// them (a single jump looks to it like a process that was paused), until <paramref name="done"/> or the limit.
    /// </summary>
    private async Task AdvanceUntilAsync(TimeSpan limit, Func<bool> done)
    {
        var step = TimeSpan.FromMilliseconds(50);
        var end = _time.GetUtcNow() + limit;
        while (!done() && _time.GetUtcNow() + step <= end)
        {
            _time.Advance(step);
            await Task.Delay(2);
        }

        if (!done() && _time.GetUtcNow() < end)
        {
            _time.Advance(end - _time.GetUtcNow());
        }
    }

    private ChannelSession SessionWithProbe(Func<TimeSpan> delay) => SessionWithProbe(async () =>
    {
        // Each look takes a real moment, so a starved watchdog looking again and again does not spin.
        await Task.Delay(1);
        return delay();
    });

    private ChannelSession SessionWithProbe(Func<Task<TimeSpan>> delay)
    {
        var options = TestOptions.For(new Uri("http://platform.test/"));
        var logger = CapturedLog.Factory.CreateLogger<ChannelSessionWatchdogTests>();
        var buffer = new EventBuffer(100, options.BackPressureTimeout, 100, [], _status, _time, logger, options.TenantId);

        return new ChannelSession(buffer, _status, _tokens, options, _time, logger, PlatformMetrics.Shared, async () => await delay());
    }

    private async Task<Task<SessionEnd>> SubscribeAsync(ChannelSession session, LoopbackWebSockets sockets, ISilenceHandler silence)
    {
        var token = await _tokens.GetTokenAsync(default);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = session.RunAsync(sockets.Client, token, "{}"u8.ToArray(), _ => { subscribed.TrySetResult(); return ValueTask.CompletedTask; }, default, silence);
        var buffer = new byte[1024];
        await sockets.Server.ReceiveAsync(buffer, default);
        await SendAsync(sockets.Server, $$"""{"eventType":"subscribed","users":1,"devices":0,"timestamp":"{{_time.GetUtcNow():O}}"}""");
        await subscribed.Task.WaitAsync(Eventually.DefaultTimeout);
        return run;
    }

    /// <summary>One a second, stamped, each read before the next: enough for the client to learn the interval.</summary>
    private async Task<DateTimeOffset> SendHeartbeatsAsync(WebSocket server, int count)
    {
        var at = _time.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            at = _time.GetUtcNow();
            await SendAsync(server, $$"""{"eventType":"heartbeat","timestamp":"{{at:O}}"}""");
            var expected = at;
            await Eventually.HoldsAsync(() => _status.Snapshot(null, 0).LastHeartbeat == expected, "the heartbeat to be read");
        }

        return at;
    }

    private sealed class RecordingSilenceHandler(Func<int> probes) : ISilenceHandler
    {
        public int? ReportedAtProbe { get; private set; }

        public ValueTask SilentAsync(TimeSpan silence, TimeSpan heartbeatInterval, CancellationToken cancellationToken)
        {
            ReportedAtProbe = probes();
            return ValueTask.CompletedTask;
        }

        public ValueTask ResumedAsync(SilenceEnded silence, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, default);
}
