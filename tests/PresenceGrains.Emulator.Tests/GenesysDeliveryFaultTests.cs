using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Tests;

/// <summary>The seed's delivery faults on Genesys frames: undeclared properties, reordering, silence, loss.</summary>
public sealed class GenesysDeliveryFaultTests
{
    [Fact]
    public async Task Undeclared_properties_appear_on_events_and_heartbeats_and_validation_sets_them_aside()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0].AgentId;
        var (_, socket) = await client.OpenAsync(agent);
        await using var _ = socket;
        server.Faults.UndeclaredProperties = new UndeclaredPropertiesFault(Name: "vendorHint");

        server.Centre.SetUserState(agent, "available");
        var presence = await socket.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(agent));
        var heartbeat = await socket.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Heartbeat);

        Assert.Equal(["eventBody.vendorHint", "vendorHint"], GenesysSchemas.FindUndeclared(GenesysSchemaKind.PresenceNotification, presence).Order(StringComparer.Ordinal));
        Assert.False(GenesysSchemas.EvaluateStrict(GenesysSchemaKind.PresenceNotification, presence).IsValid);
        var judged = GenesysSchemas.Validate(GenesysSchemaKind.PresenceNotification, presence);
        Assert.True(judged.IsValid, judged.Result.Describe());
        Assert.Equal(2, judged.Undeclared.Count);
        var beat = GenesysSchemas.Validate(GenesysSchemaKind.ChannelMetadataNotification, heartbeat);
        Assert.True(beat.IsValid, beat.Result.Describe());
        Assert.Equal(["eventBody.vendorHint", "vendorHint"], beat.Undeclared.Order(StringComparer.Ordinal));

        // What is declared still counts: an unknown routing status fails whatever else the frame carries.
        var broken = JsonElement.Parse("""{"topicName":"v2.users.a.routingStatus","eventBody":{"routingStatus":{"status":"DANCING","startTime":"2026-12-04T10:00:00.000Z"}},"extra":1}""");
        Assert.False(GenesysSchemas.Validate(GenesysSchemaKind.RoutingStatusNotification, broken).IsValid);
    }

    [Fact]
    public async Task Reorder_holds_back_timestamped_events_but_conversation_summaries_keep_their_order()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0];
        var (_, socket) = await client.OpenAsync(agent.AgentId);
        await using var _ = socket;
        // A hold long enough that only overtaking frames release the first routing event: with 300 ms, a CI machine
        // that stalled the session between two frames released it by its deadline before the summary behind it.
        server.Faults.Reorder = new ReorderFault(Probability: 1, MaxHoldMilliseconds: 3000);

        server.Centre.SetDeviceState(agent.DeviceIds[0], "online");
        server.Centre.SetUserState(agent.AgentId, "available");
        var expected = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            server.Centre.SetDeviceState(agent.DeviceIds[0], "onCall");
            server.Centre.SetDeviceState(agent.DeviceIds[0], "online");
            expected.AddRange([1, 0]);
        }

        var summaries = new List<int>();
        var arrivals = new List<string>();
        await socket.ReceiveUntilAsync(frame =>
        {
            var body = frame.TryGetProperty("eventBody", out var b) ? b : default;
            if (frame.Topic() == GenesysTopics.ConversationSummary(agent.AgentId))
            {
                summaries.Add(body.GetProperty("call").GetProperty("contactCenter").GetProperty("active").GetInt32());
                arrivals.Add("summary");
            }
            else if (frame.Topic() == GenesysTopics.RoutingStatus(agent.AgentId))
            {
                arrivals.Add(body.GetProperty("routingStatus").GetProperty("status").GetString()!);
            }

            return summaries.Count == expected.Count && arrivals.Count == 1 + (2 * expected.Count);
        });

        Assert.Equal(expected, summaries);

        // Every routing event is held until later frames overtake it: the first call's routing status (emitted just
        // before its summary) arrives after that summary.
        Assert.True(arrivals.IndexOf("summary") < arrivals.IndexOf("INTERACTING"), string.Join(", ", arrivals));
    }

    [Fact]
    public async Task A_half_open_socket_answers_no_ping_and_sends_no_heartbeat_until_it_recovers()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var (_, socket) = await client.OpenAsync(server.Centre.Agents[0].AgentId);
        await using var _ = socket;
        await socket.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Heartbeat);

        server.Faults.StopHeartbeats = true;
        await socket.CollectAsync(TimeSpan.FromMilliseconds(300));
        await socket.SendTextAsync("""{"message":"ping"}""");
        Assert.Empty(await socket.CollectAsync(TimeSpan.FromSeconds(1)));

        server.Faults.StopHeartbeats = false;
        await socket.SendTextAsync("""{"message":"ping"}""");
        await socket.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Pong);
    }

    [Fact]
    public async Task Lost_events_change_the_truth_and_the_snapshot_but_never_reach_the_socket()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0].AgentId;
        var (_, socket) = await client.OpenAsync(agent);
        await using var _ = socket;
        server.Faults.LoseDeltas = new LoseDeltasFault(Count: 2);

        server.Centre.SetUserState(agent, "available");
        var frames = await socket.CollectAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(frames, f => f.Topic()?.StartsWith("v2.users.", StringComparison.Ordinal) == true);
        using var response = await client.SendAsync(HttpMethod.Get, $"api/v2/users?id={agent}&expand=presence,routingStatus");
        var user = (await GenesysTestClient.ReadValidAsync(response, GenesysSchemaKind.UserListing)).GetProperty("entities")[0];
        Assert.Equal("On Queue", user.GetProperty("presence").GetProperty("presenceDefinition").GetProperty("systemPresence").GetString());
        Assert.Equal("IDLE", user.GetProperty("routingStatus").GetProperty("status").GetString());

        server.Centre.SetUserState(agent, "notReady", "meeting");
        var presence = await socket.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(agent));
        Assert.Equal("Meeting", presence.GetProperty("eventBody").GetProperty("presenceDefinition").GetProperty("systemPresence").GetString());
    }
}
