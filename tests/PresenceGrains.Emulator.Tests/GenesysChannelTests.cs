using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Tests;

/// <summary>The Genesys Cloud mode over real HTTP and WebSockets: channels, topics, limits, the projection, snapshots.</summary>
public sealed class GenesysChannelTests
{
    [Fact]
    public async Task A_scripted_call_arrives_as_the_genesys_events_of_the_sources_it_changed_and_the_expanded_users_agree()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0];
        var (_, socket) = await client.OpenAsync(agent.AgentId);
        await using var _ = socket;

        server.Centre.SetDeviceState(agent.DeviceIds[0], "online");
        server.Centre.SetUserState(agent.AgentId, "available");
        server.Centre.SetDeviceState(agent.DeviceIds[0], "onCall");
        var frames = new Dictionary<string, List<JsonElement>>();
        await socket.ReceiveUntilAsync(frame =>
        {
            GenesysTestClient.AssertValidFrame(frame);
            if (frame.Topic() is { } topic && topic != GenesysTopics.ChannelMetadata)
            {
                (frames.TryGetValue(topic, out var list) ? list : frames[topic] = []).Add(frame.GetProperty("eventBody"));
            }

            return frames.TryGetValue(GenesysTopics.ConversationSummary(agent.AgentId), out var summaries)
                && summaries[^1].GetProperty("call").GetProperty("contactCenter").GetProperty("active").GetInt32() == 1;
        });

        Assert.Equal("On Queue", frames[GenesysTopics.Presence(agent.AgentId)][^1].GetProperty("presenceDefinition").GetProperty("systemPresence").GetString());
        Assert.Equal(["IDLE", "INTERACTING"], frames[GenesysTopics.RoutingStatus(agent.AgentId)].Select(b => b.GetProperty("routingStatus").GetProperty("status").GetString()));
        Assert.Equal(agent.DeviceIds[0], frames[GenesysTopics.Station(agent.AgentId)][^1].GetProperty("associatedStation").GetProperty("name").GetString());

        using var response = await client.SendAsync(HttpMethod.Get, $"api/v2/users?id={agent.AgentId},nobody&expand=presence,routingStatus,conversationSummary,station");
        var listing = await GenesysTestClient.ReadValidAsync(response, GenesysSchemaKind.UserListing);
        var user = Assert.Single(listing.GetProperty("entities").EnumerateArray());
        Assert.Equal("INTERACTING", user.GetProperty("routingStatus").GetProperty("status").GetString());
        Assert.Equal(1, user.GetProperty("conversationSummary").GetProperty("call").GetProperty("contactCenter").GetProperty("active").GetInt32());
        Assert.Equal(agent.DeviceIds[0], user.GetProperty("station").GetProperty("associatedStation").GetProperty("name").GetString());
        Assert.Equal(
            frames[GenesysTopics.RoutingStatus(agent.AgentId)][^1].GetProperty("routingStatus").GetProperty("startTime").GetString(),
            user.GetProperty("routingStatus").GetProperty("startTime").GetString());
    }

    [Fact]
    public async Task A_channel_takes_a_thousand_topics_and_refuses_the_next_whole_while_rejecting_unknown_users()
    {
        await using var server = await GenesysTestClient.StartAsync(agents: 1001);
        using var client = await GenesysTestClient.LoginAsync(server);
        var channel = await client.CreateChannelAsync();
        var ids = server.Centre.Agents.Select(a => a.AgentId).ToList();

        var (status, states) = await client.SubscribeAsync(channel.Id, ids.Take(1000).Select(id => GenesysTopics.Combined(id, GenesysUserTopicParts.All)).Append("v2.users.nobody.presence"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1000, states.Count(s => s.Value == GenesysTopicStates.Permitted));
        Assert.Equal(GenesysTopicStates.Rejected, states["v2.users.nobody.presence"]);

        var (refused, _) = await client.SubscribeAsync(channel.Id, [GenesysTopics.Presence(ids[1000])], replace: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        using var listed = await client.SendAsync(HttpMethod.Get, $"api/v2/notifications/channels/{channel.Id}/subscriptions");
        Assert.Equal(1000, (await GenesysTestClient.ReadValidAsync(listed, GenesysSchemaKind.TopicListing)).GetProperty("entities").GetArrayLength());
    }

    [Fact]
    public async Task Twenty_five_hundred_users_in_combined_topics_need_three_channels()
    {
        await using var server = await GenesysTestClient.StartAsync(agents: 2500);
        using var client = await GenesysTestClient.LoginAsync(server);
        var topics = server.Centre.Agents.Select(a => GenesysTopics.Combined(a.AgentId, GenesysUserTopicParts.All)).ToList();

        var channels = new List<GenesysChannel>();
        foreach (var shard in topics.Chunk(1000))
        {
            var channel = await client.CreateChannelAsync();
            var (status, states) = await client.SubscribeAsync(channel.Id, shard);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.All(states.Values, s => Assert.Equal(GenesysTopicStates.Permitted, s));
            channels.Add(channel);
        }

        Assert.Equal(3, channels.Count);
        Assert.Equal(3, server.GenesysChannels);
        var (tooMany, _) = await client.SubscribeAsync(channels[0].Id, topics.Take(1001));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);

        var last = server.Centre.Agents[^1];
        await using var third = await GenesysTestClient.ConnectAsync(channels[2]);
        server.Centre.SetUserState(last.AgentId, "notReady", "break");
        var presence = await third.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(last.AgentId));
        Assert.Equal("Break", presence.GetProperty("eventBody").GetProperty("presenceDefinition").GetProperty("systemPresence").GetString());
    }

    [Fact]
    public async Task The_twenty_first_channel_removes_the_oldest_which_hears_no_longer_subscribed()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var first = await client.CreateChannelAsync();
        await using var socket = await GenesysTestClient.ConnectAsync(first);
        for (var i = 1; i < 20; i++)
        {
            await client.CreateChannelAsync();
        }

        using (var head = await client.SendAsync(HttpMethod.Head, $"api/v2/notifications/channels/{first.Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        await client.CreateChannelAsync();
        var notice = await socket.ReceiveUntilAsync(f => f.Topic() != GenesysTopics.ChannelMetadata);
        GenesysTestClient.AssertValidFrame(notice);
        Assert.Equal(GenesysTopics.NoLongerSubscribed, notice.Topic());
        Assert.Null(await socket.ReceiveUntilClosedAsync());
        using var gone = await client.SendAsync(HttpMethod.Head, $"api/v2/notifications/channels/{first.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var listing = await client.SendAsync(HttpMethod.Get, "api/v2/notifications/channels");
        var channels = await GenesysTestClient.ReadValidAsync(listing, GenesysSchemaKind.ChannelListing);
        Assert.Equal(20, channels.GetProperty("entities").GetArrayLength());
    }

    [Fact]
    public async Task A_second_socket_on_a_channel_closes_the_first_and_receives_from_then_on()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var agent = server.Centre.Agents[0].AgentId;
        var (channel, first) = await client.OpenAsync(agent);
        await using var _ = first;
        await first.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Heartbeat);

        await using var second = await GenesysTestClient.ConnectAsync(channel);
        Assert.Null(await first.ReceiveUntilClosedAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, first.Socket.CloseStatus);

        server.Centre.SetUserState(agent, "available");
        var presence = await second.ReceiveUntilAsync(f => f.Topic() == GenesysTopics.Presence(agent));
        GenesysTestClient.AssertValidFrame(presence);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_and_heartbeats_come_on_the_configured_period()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var client = await GenesysTestClient.LoginAsync(server);
        var (_, socket) = await client.OpenAsync(server.Centre.Agents[0].AgentId);
        await using var _ = socket;

        await socket.SendTextAsync("""{"message":"ping"}""");
        var pong = await socket.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Pong);
        GenesysTestClient.AssertValidFrame(pong);

        // Heartbeats every 200 ms here: five of them take about a second, never the 30 s default.
        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            GenesysTestClient.AssertValidFrame(await socket.ReceiveUntilAsync(f => f.MetadataMessage() == GenesysChannelMetadata.Heartbeat));
        }

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(8));

        await socket.SendTextAsync("""{"message":"subscribe","topics":["v2.users.agent-0002.presence"],"correlationId":"c1"}""");
        var answer = await socket.ReceiveUntilAsync(f => f.Topic() is null);
        GenesysTestClient.AssertValidFrame(answer);
        Assert.Equal("200", answer.GetProperty("result").GetString());
        Assert.Equal("c1", answer.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task The_login_refuses_a_wrong_secret_and_the_api_a_missing_token_in_genesys_shapes()
    {
        await using var server = await GenesysTestClient.StartAsync();
        using var http = new HttpClient();
        using var login = new HttpRequestMessage(HttpMethod.Post, new Uri(server.GenesysLoginBase, "oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", TenantOptions.DemoClientId), new("client_secret", "wrong")]),
        };
        using var refused = await http.SendAsync(login);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await GenesysTestClient.ReadValidAsync(refused, GenesysSchemaKind.OAuthError);

        using var anonymous = await http.PostAsync(new Uri(server.GenesysApiBase, "api/v2/notifications/channels"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("bad.credentials", (await GenesysTestClient.ReadValidAsync(anonymous, GenesysSchemaKind.ErrorBody)).GetProperty("code").GetString());

        using var seedPath = await http.PostAsync(new Uri(server.BaseUrl, "oauth/token"), new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
        Assert.Equal(HttpStatusCode.NotFound, seedPath.StatusCode);
    }
}
