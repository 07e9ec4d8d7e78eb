using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests;

public sealed class LivenessTests
{
    [Fact]
    public async Task A_client_that_stops_answering_pings_is_cut_off_and_its_devices_go_offline_for_everyone()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(200);
            o.PongTimeout = TimeSpan.FromMilliseconds(400);
        });
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var agent = server.Centre.Agents[0];
        var bystander = server.Centre.Agents[1];
        foreach (var device in agent.DeviceIds.Concat(bystander.DeviceIds))
        {
            server.Centre.SetDeviceState(device, "online");
        }

        // A healthy observer keeps reading (so its socket answers pings) and sees what the platform does.
        var (observer, _) = await ChannelClient.SubscribeAsync(server, token, TestEmulator.Subscription(server, agent.AgentId));
        await using var ___ = observer;

        using var silent = await ChannelClient.SubscribeThenFreezeAsync(server, token, TestEmulator.Subscription(server, agent.AgentId));

        var offline = await observer.ReceiveUntilAsync(f => f.IsDelta() && f.Str("deviceId") == agent.DeviceIds[0] && f.Str("state") == "offline");

        Frames.AssertValid(SchemaKind.PresenceStateChange, offline);
        Assert.Equal("client_unresponsive", offline.Str("reason"));
        var truth = server.Centre.Truth(agent.AgentId)!;
        Assert.All(truth.Devices, d => Assert.Equal("offline", d.State));
        Assert.All(server.Centre.Truth(bystander.AgentId)!.Devices, d => Assert.Equal("online", d.State));
        await Timeouts.WaitForAsync(() => server.OpenSockets == 1, "the silent socket to be closed");
    }

    [Fact]
    public async Task A_token_that_expires_mid_stream_gets_a_401_frame_then_a_close()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestEmulator.StartAsync(o => o.TokenLifetime = TimeSpan.FromMinutes(5), time);
        using var http = TestEmulator.Http(server);
        var (client, _) = await ChannelClient.SubscribeAsync(server, await TestEmulator.TokenAsync(http), TestEmulator.Subscription(server, "agent-0001"));
        await using var __ = client;

        time.Advance(TimeSpan.FromMinutes(5));
        var error = await client.ReceiveUntilAsync(f => f.EventType() == ErrorFrame.Type);
        var afterwards = await client.ReceiveTextAsync();

        Frames.AssertValid(SchemaKind.ErrorFrame, error);
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("token expired", error.Str("message"));
        Assert.Null(afterwards);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task Heartbeats_follow_the_configured_interval_on_the_platform_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        await using var server = await TestEmulator.StartAsync(o => o.HeartbeatInterval = TimeSpan.FromSeconds(1), time);
        using var http = TestEmulator.Http(server);
        var (client, _) = await ChannelClient.SubscribeAsync(server, await TestEmulator.TokenAsync(http), TestEmulator.Subscription(server, "agent-0001"));
        await using var __ = client;

        time.Advance(TimeSpan.FromSeconds(1));
        var first = await client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);

        Assert.Equal(TimeSpan.FromSeconds(1), second.GetProperty("timestamp").GetDateTimeOffset() - first.GetProperty("timestamp").GetDateTimeOffset());
    }
}
