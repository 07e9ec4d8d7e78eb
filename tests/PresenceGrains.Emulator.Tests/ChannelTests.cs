using System.Net.WebSockets;
using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests;

public sealed class ChannelTests
{
    [Fact]
    public async Task A_subscription_is_acknowledged_and_heartbeats_flow()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var agent = server.Centre.Agents[0];

        var (client, subscribed) = await ChannelClient.SubscribeAsync(server, token, TestEmulator.Subscription(server, agent.AgentId));
        await using var _ = client;
        var heartbeat = await client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);

        Frames.AssertValid(SchemaKind.Subscribed, subscribed);
        Assert.Equal(1, subscribed.GetProperty("users").GetInt32());
        Assert.Equal(agent.DeviceIds.Count, subscribed.GetProperty("devices").GetInt32());
        Assert.False(subscribed.GetProperty("global").GetBoolean());
        Frames.AssertValid(SchemaKind.Heartbeat, heartbeat);
    }

    [Fact]
    public async Task A_bad_subscription_gets_a_400_frame_and_the_socket_stays_open_for_a_corrected_one()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        await using var client = await ChannelClient.ConnectAsync(server, await TestEmulator.TokenAsync(http));

        await client.SendTextAsync("""{"subscriptions":[{"type":"everyone","filter":{"ids":["agent-0001"]}}]}""");
        var schemaError = await client.ReceiveUntilAsync(f => f.EventType() == ErrorFrame.Type);
        await client.SendTextAsync("{not json");
        var jsonError = await client.ReceiveUntilAsync(f => f.EventType() == ErrorFrame.Type);
        await client.SendAsync(TestEmulator.Subscription(server, "agent-0001"));
        var subscribed = await client.ReceiveUntilAsync(f => f.EventType() == Subscribed.Type);

        foreach (var error in new[] { schemaError, jsonError })
        {
            Frames.AssertValid(SchemaKind.ErrorFrame, error);
            Assert.Equal(400, error.GetProperty("code").GetInt32());
        }

        Assert.Contains("/subscriptions/0/type", schemaError.Str("message"));
        Assert.Contains("malformed JSON", jsonError.Str("message"));
        Assert.Equal(1, subscribed.GetProperty("users").GetInt32());
    }

    [Fact]
    public async Task A_scoped_subscription_receives_only_its_ids_and_state_types()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var token = await TestEmulator.TokenAsync(http);
        var watched = server.Centre.Agents[0];
        var other = server.Centre.Agents[1];
        var request = new SubscriptionRequest(
        [
            new Subscription("user", new SubscriptionFilter([watched.AgentId]), ["notReady", "offline"]),
            new Subscription("device", new SubscriptionFilter([watched.DeviceIds[0]]), ["ringing"]),
        ]);
        var (client, _) = await ChannelClient.SubscribeAsync(server, token, request);
        await using var __ = client;

        server.Centre.SetUserState(other.AgentId, "notReady");               // other agent: not wanted
        server.Centre.SetUserState(watched.AgentId, "available");            // wanted agent, unwanted state
        server.Centre.SetDeviceState(watched.DeviceIds[0], "available");     // wanted device, unwanted state
        server.Centre.SetDeviceState(other.DeviceIds[0], "ringing");         // other device, wanted state
        server.Centre.SetDeviceState(watched.DeviceIds[0], "ringing");       // wanted
        server.Centre.SetUserState(watched.AgentId, "notReady");             // wanted
        var frames = await client.CollectAsync(Timeouts.Default, until: f => f.IsDelta() && f.Str("deviceId") is null && f.Str("state") == "notReady");

        var deltas = frames.Where(Frames.IsDelta).ToList();
        deltas.ForEach(d => Frames.AssertValid(SchemaKind.PresenceStateChange, d));
        Assert.Equal(
            [(watched.DeviceIds[0], "ringing"), (null, "notReady")],
            deltas.Select(d => (d.Str("deviceId"), d.Str("state"))));
        Assert.DoesNotContain(frames, f => f.EventType() is not (PresenceStateChange.Type or Heartbeat.Type));
    }

    [Fact]
    public async Task A_device_change_that_moves_the_composite_pushes_the_device_delta_and_the_user_level_one()
    {
        await using var server = await TestEmulator.StartAsync();
        using var http = TestEmulator.Http(server);
        var agent = server.Centre.Agents[0];
        server.Centre.SetUserState(agent.AgentId, "available");
        server.Centre.SetDeviceState(agent.DeviceIds[0], "available");
        var (client, _) = await ChannelClient.SubscribeAsync(server, await TestEmulator.TokenAsync(http), TestEmulator.Subscription(server, agent.AgentId));
        await using var __ = client;

        var emitted = server.Centre.SetDeviceState(agent.DeviceIds[0], "onCall", "incoming_call");
        var device = await client.ReceiveUntilAsync(Frames.IsDelta);
        var user = await client.ReceiveUntilAsync(Frames.IsDelta);

        Assert.Equal(2, emitted.Count);
        Frames.AssertValid(SchemaKind.PresenceStateChange, device);
        Frames.AssertValid(SchemaKind.PresenceStateChange, user);
        Assert.Equal((agent.DeviceIds[0], "onCall", "incoming_call"), (device.Str("deviceId"), device.Str("state"), device.Str("reason")));
        Assert.Equal(JsonValueKind.Null, user.GetProperty("deviceId").ValueKind);
        Assert.Equal("available", user.Str("state"));
        foreach (var frame in new[] { device, user })
        {
            var composite = frame.GetProperty("compositeState");
            Assert.Equal(("onCall", 4), (composite.Str("state"), composite.GetProperty("priority").GetInt32()));
            Assert.Contains(composite.GetProperty("deviceStates").EnumerateArray(), d => d.Str("deviceId") == agent.DeviceIds[0] && d.Str("state") == "onCall");
        }

        var truth = server.Centre.Truth(agent.AgentId)!;
        Assert.Equal("onCall", truth.CompositeState);
        Assert.Equal(device.GetProperty("lastUpdated").GetDateTimeOffset(), truth.Devices[0].LastUpdated);
    }

    [Fact]
    public async Task A_global_subscription_gets_every_delta_and_the_internal_noise()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Simulation.NoiseRatePerSecond = 200);
        using var http = TestEmulator.Http(server);
        var request = new SubscriptionRequest([new Subscription("global", null, null)]);
        var (client, subscribed) = await ChannelClient.SubscribeAsync(server, await TestEmulator.TokenAsync(http), request);
        await using var _ = client;

        server.Centre.SetUserState(server.Centre.Agents[5].AgentId, "notReady");
        var kinds = new HashSet<string?>();
        await client.CollectAsync(Timeouts.Default, until: f =>
        {
            kinds.Add(f.EventType());
            return kinds.IsSupersetOf([PresenceStateChange.Type, "routingCalculation", "queuePosition", "sipDialogState"]);
        });

        Assert.True(subscribed.GetProperty("global").GetBoolean());
        Assert.Equal(server.Centre.Agents.Count, subscribed.GetProperty("users").GetInt32());
        Assert.Superset(new HashSet<string?> { PresenceStateChange.Type, "routingCalculation", "queuePosition", "sipDialogState" }, kinds);
    }

    [Fact]
    public async Task A_frame_above_the_limit_gets_an_error_frame_and_a_close()
    {
        await using var server = await TestEmulator.StartAsync(o => o.MaxClientFrameBytes = 4096);
        using var http = TestEmulator.Http(server);
        await using var client = await ChannelClient.ConnectAsync(server, await TestEmulator.TokenAsync(http));

        var padding = new string('a', 8000);
        await client.SendTextAsync($$$"""{"subscriptions":[{"type":"user","filter":{"ids":["{{{padding}}}"]}}]}""");
        var error = await client.ReceiveUntilAsync(f => f.EventType() == ErrorFrame.Type);
        var afterwards = await client.ReceiveTextAsync();

        Frames.AssertValid(SchemaKind.ErrorFrame, error);
        Assert.Equal(413, error.GetProperty("code").GetInt32());
        Assert.Null(afterwards);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.Socket.CloseStatus);
    }
}
