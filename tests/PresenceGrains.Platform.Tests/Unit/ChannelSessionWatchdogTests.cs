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

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, default);
}
