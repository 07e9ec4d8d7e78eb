using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

/// <summary>Seed edge case 3: OAuth token rotation mid-stream.</summary>
public sealed class TokenRotationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_expired_or_revoked_mid_stream_is_rotated_before_the_next_handshake(bool revoke)
    {
        await using var harness = await PlatformHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        if (revoke)
        {
            harness.Emulator.RevokeTokens();
        }
        else
        {
            harness.Emulator.ExpireTokens();
        }

        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected);
        await events.WaitForStateAsync(ChannelState.Connected, from: windowAt);

        Assert.Contains("401", window.Cause);
        Assert.Equal([HandshakeOutcome.Accepted, HandshakeOutcome.Accepted], harness.Handshakes.Select(h => h.Outcome));
        var status = harness.Platform.Status;
        Assert.Equal(1, status.TokenRefreshes);
        Assert.Equal(1, status.Counters.ErrorFrames);

        // The new channel carries deltas.
        var agent = harness.Emulator.Centre.Agents[0].AgentId;
        harness.Emulator.Centre.SetUserState(agent, "notReady");
        await events.WaitForAsync<DeltaReceived>(d => d.Delta.AgentId == agent && d.Delta.Signal == PresenceSignal.NotReady, windowAt);
    }

    [Fact]
    public async Task After_a_401_frame_the_first_reconnect_asks_for_a_new_token_at_once_without_the_backoff_delay()
    {
        // A backoff far longer than the wait below: only an attempt made without it can pass.
        var backoff = TimeSpan.FromSeconds(20);
        await using var harness = await PlatformHarness.StartAsync(platform: o =>
        {
            o.ReconnectInitialDelay = backoff;
            o.ReconnectMaximumDelay = backoff;
        });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        harness.Emulator.ExpireTokens();

        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected, timeout: TimeSpan.FromSeconds(5));
        await events.WaitForStateAsync(ChannelState.Connected, from: windowAt);

        Assert.Contains("401", window.Cause);
        Assert.True(window.Duration < backoff / 4, $"the gap lasted {window.Duration}");
        Assert.Equal([HandshakeOutcome.Accepted, HandshakeOutcome.Accepted], harness.Handshakes.Select(h => h.Outcome));
        Assert.Equal(1, harness.Platform.Status.TokenRefreshes);
    }

    [Fact]
    public async Task A_token_past_its_lifetime_is_never_presented_at_a_reconnect()
    {
        await using var harness = await PlatformHarness.StartAsync(emulator: e => e.Faults = new FaultOptions { TokenLifetimeSeconds = 1 });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var firstExpiry = harness.Platform.Status.TokenExpiresAt!.Value;

        // Wait (bounded) until the token the channel was opened with has expired, then lose the socket.
        await Eventually.HoldsAsync(() => DateTimeOffset.UtcNow > firstExpiry.AddMilliseconds(100), "the first token to expire");
        harness.Emulator.DropAllSockets();
        var (_, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected);
        await events.WaitForStateAsync(ChannelState.Connected, from: windowAt);

        Assert.All(harness.Handshakes, h => Assert.Equal(HandshakeOutcome.Accepted, h.Outcome));
        Assert.True(harness.Platform.Status.TokenExpiresAt > firstExpiry);
    }

    [Fact]
    public async Task A_401_at_the_handshake_rotates_the_token_before_the_retry()
    {
        await using var harness = await PlatformHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        // Hold the client off with one refused reconnect, expire its token meanwhile: it cannot know, and presents it once.
        harness.Emulator.Faults.RefuseReconnects = new RefuseReconnectsFault { Count = 1, RetryAfterSeconds = 0 };
        harness.Emulator.DropAllSockets();
        await Eventually.HoldsAsync(() => harness.Handshakes.Any(h => h.Outcome == HandshakeOutcome.Refused), "the refused reconnect");
        harness.Emulator.ExpireTokens();

        var (_, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected);
        await events.WaitForStateAsync(ChannelState.Connected, from: windowAt);

        Assert.Equal(
            [HandshakeOutcome.Accepted, HandshakeOutcome.Refused, HandshakeOutcome.ExpiredToken, HandshakeOutcome.Accepted],
            harness.Handshakes.Select(h => h.Outcome));
        Assert.Equal(1, harness.Platform.Status.TokenRefreshes);
    }

    [Fact]
    public async Task A_401_on_a_rest_call_rotates_the_token_and_the_call_succeeds()
    {
        await using var harness = await PlatformHarness.StartAsync();
        var agent = harness.Emulator.Centre.Agents[0].AgentId;
        Assert.NotNull(await harness.Platform.GetSnapshotAsync(agent, default));

        harness.Emulator.ExpireTokens();

        Assert.NotNull(await harness.Platform.GetSnapshotAsync(agent, default));
        Assert.Equal(1, harness.Platform.Status.TokenRefreshes);
    }
}
