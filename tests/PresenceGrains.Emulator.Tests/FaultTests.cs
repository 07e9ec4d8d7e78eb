using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Reorder_lets_later_deltas_overtake_held_ones_and_still_delivers_all()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.Reorder = new ReorderFault(Probability: 0.3, MaxHoldMilliseconds: 200);

        var sent = setup.Toggle(count: 200);
        var received = await setup.ReceiveDeltasAsync(sent.Count);

        Assert.NotEqual(sent, received);
        Assert.Equal(sent.Order(), received.Order());
    }

    [Fact]
    public async Task Duplicate_sends_deltas_twice()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.Duplicate = new DuplicateFault(Probability: 1);

        var sent = setup.Toggle(count: 5);
        var received = await setup.ReceiveDeltasAsync(sent.Count * 2);

        Assert.Equal(sent.SelectMany(d => new[] { d, d }), received);
    }

    [Fact]
    public async Task Delay_holds_every_frame_back_and_keeps_the_order()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.Delay = new DelayFault(Milliseconds: 300, JitterMilliseconds: 100);

        var started = Stopwatch.GetTimestamp();
        var sent = setup.Toggle(count: 20);
        var first = await setup.ReceiveDeltasAsync(1);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var rest = await setup.ReceiveDeltasAsync(sent.Count - 1);

        Assert.True(elapsed >= TimeSpan.FromMilliseconds(300), $"the first delta came after {elapsed.TotalMilliseconds} ms");
        Assert.Equal(sent, first.Concat(rest));
    }

    [Fact]
    public async Task Drop_socket_aborts_without_a_close_handshake()
    {
        await using var setup = await Setup.StartAsync();

        using var response = await setup.Http.PostAsync("emulator/faults/drop-socket", null);
        var error = await Assert.ThrowsAsync<WebSocketException>(() => setup.Client.ReceiveUntilAsync(_ => false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.Null(setup.Client.Socket.CloseStatus);
    }

    [Fact]
    public async Task Stop_heartbeats_leaves_the_socket_open_and_silent_until_switched_off()
    {
        await using var setup = await Setup.StartAsync();
        await setup.Client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);

        using var on = await setup.Http.PostAsync("emulator/faults/stop-heartbeats", null);
        await setup.Client.CollectAsync(TimeSpan.FromMilliseconds(300));   // drain what was already on its way
        setup.Toggle(count: 3);
        var duringFault = await setup.Client.CollectAsync(TimeSpan.FromSeconds(1));
        using var off = await setup.Http.DeleteAsync("emulator/faults/stop-heartbeats");
        var heartbeat = await setup.Client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);

        Assert.Empty(duringFault);
        Assert.Equal(WebSocketState.Open, setup.Client.Socket.State);
        Frames.AssertValid(SchemaKind.Heartbeat, heartbeat);
    }

    [Fact]
    public async Task Expire_tokens_ends_open_channels_with_401_and_shortens_new_tokens()
    {
        await using var setup = await Setup.StartAsync();

        using var response = await setup.Http.PostAsJsonAsync("emulator/faults/expire-tokens", new { lifetimeSeconds = 30 });
        var error = await setup.Client.ReceiveUntilAsync(f => f.EventType() == ErrorFrame.Type);
        using var token = await TestEmulator.RequestTokenAsync(setup.Http, TenantOptions.DemoClientId, TenantOptions.DemoClientSecret);
        var issued = await token.Content.ReadFromJsonAsync<TokenResponse>();

        Assert.Equal((401, "token expired"), (error.GetProperty("code").GetInt32(), error.Str("message")));
        Assert.Null(await setup.Client.ReceiveTextAsync());
        Assert.Equal(30, issued!.ExpiresIn);
        Assert.Equal(HttpStatusCode.Unauthorized, await HandshakeTests.UpgradeStatusAsync(setup.Server, setup.Token));
    }

    [Fact]
    public async Task Revoke_tokens_ends_open_channels_with_401()
    {
        await using var setup = await Setup.StartAsync();

        using var response = await setup.Http.PostAsync("emulator/faults/revoke-tokens", null);
        var error = await setup.Client.ReceiveUntilAsync(f => f.EventType() == ErrorFrame.Type);

        Frames.AssertValid(SchemaKind.ErrorFrame, error);
        Assert.Equal((401, "token revoked"), (error.GetProperty("code").GetInt32(), error.Str("message")));
        Assert.Null(await setup.Client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Refuse_reconnects_answers_429_for_the_given_count_then_lets_clients_in()
    {
        await using var setup = await Setup.StartAsync();
        using var on = await setup.Http.PostAsJsonAsync("emulator/faults/refuse-reconnects", new { count = 2, retryAfterSeconds = 7 });

        var refusals = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 2; i++)
        {
            using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"{setup.Server.ChannelUrl}?access_token={setup.Token}"), Timeouts.Token()));
            refusals.Add((socket.HttpStatusCode, socket.HttpResponseHeaders?["Retry-After"].Single()));
        }

        await using var third = await ChannelClient.ConnectAsync(setup.Server, setup.Token);

        Assert.Equal([(HttpStatusCode.TooManyRequests, "7"), (HttpStatusCode.TooManyRequests, "7")], refusals);
        Assert.Equal(WebSocketState.Open, third.Socket.State);
        Assert.Equal(2, setup.Server.Handshakes.All().Count(h => h.Outcome == HandshakeOutcome.Refused));
    }

    [Fact]
    public async Task Malformed_frames_come_before_deltas_truncated_or_schema_invalid()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.MalformedFrames = new MalformedFramesFault(Count: 1);

        setup.Toggle(count: 1);
        var truncated = await setup.NextNonHeartbeatTextAsync();
        var delta = JsonElement.Parse(await setup.NextNonHeartbeatTextAsync());
        setup.Server.Faults.MalformedFrames = new MalformedFramesFault(Count: 1, Kind: MalformedKind.SchemaInvalid);
        setup.Toggle(count: 1);
        var invalid = JsonElement.Parse(await setup.NextNonHeartbeatTextAsync());

        Assert.ThrowsAny<JsonException>(() => JsonElement.Parse(truncated));
        Frames.AssertValid(SchemaKind.PresenceStateChange, delta);
        Assert.False(ProtocolSchemas.Validate(SchemaKind.PresenceStateChange, invalid).IsValid);
    }

    [Fact]
    public async Task Oversized_frames_exceed_the_given_size()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.OversizedFrames = new OversizedFramesFault(Count: 1, SizeBytes: 300_000);

        setup.Toggle(count: 1);
        var text = await setup.NextNonHeartbeatTextAsync();

        Assert.True(Encoding.UTF8.GetByteCount(text) >= 300_000);
        Assert.Equal(PresenceStateChange.Type, JsonElement.Parse(text).EventType());
    }

    [Fact]
    public async Task Undeclared_properties_come_on_deltas_and_heartbeats_and_only_they_break_the_closed_schema()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.UndeclaredProperties = new UndeclaredPropertiesFault(Name: "vendorHint");

        setup.Toggle(count: 1);
        var delta = JsonElement.Parse(await setup.NextNonHeartbeatTextAsync());
        var heartbeat = await setup.Client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);

        Assert.Equal(["compositeState.vendorHint", "vendorHint"], UndeclaredProperties.Find(SchemaKind.PresenceStateChange, delta).Order(StringComparer.Ordinal));
        Assert.Equal(["vendorHint"], UndeclaredProperties.Find(SchemaKind.Heartbeat, heartbeat));
        Assert.False(ProtocolSchemas.Validate(SchemaKind.PresenceStateChange, delta).IsValid);
        using var declared = UndeclaredProperties.Without(SchemaKind.PresenceStateChange, delta);
        Frames.AssertValid(SchemaKind.PresenceStateChange, declared.RootElement);
    }

    [Fact]
    public async Task Lose_deltas_emits_them_to_the_log_but_to_no_socket_while_heartbeats_continue()
    {
        await using var setup = await Setup.StartAsync();
        setup.Server.Faults.LoseDeltas = new LoseDeltasFault(Count: 2);

        var sent = setup.Toggle(count: 3);
        var first = await setup.Client.ReceiveUntilAsync(Frames.IsDelta);
        var heartbeat = await setup.Client.ReceiveUntilAsync(f => f.EventType() == Heartbeat.Type);

        // The platform emitted all three; the socket carried only the third, and it stays alive.
        var emitted = setup.Server.DeltaLog.All().Select(d => $"{d.UserId}/{d.State}@{d.LastUpdated:O}").ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, key => Assert.Contains(key, emitted));
        Assert.Equal(sent[2], $"{first.Str("userId")}/{first.Str("state")}@{first.GetProperty("lastUpdated").GetDateTimeOffset():O}");
        Assert.Equal(Heartbeat.Type, heartbeat.EventType());
    }

    [Fact]
    public async Task Changes_while_disconnected_change_watched_agents_that_only_a_snapshot_shows()
    {
        await using var setup = await Setup.StartAsync();
        using var on = await setup.Http.PostAsJsonAsync("emulator/faults/changes-while-disconnected", new { changes = 2 });
        var before = setup.Agents.ToDictionary(a => a, a => setup.Server.Centre.Truth(a)!.UserState);

        setup.Server.DropAllSockets();
        await Timeouts.WaitForAsync(
            () => setup.Server.DeltaLog.All().Count(d => d.Reason == "changed_while_disconnected") == 2, "two changes while away");
        var (reconnected, _) = await ChannelClient.SubscribeAsync(setup.Server, setup.Token, TestEmulator.Subscription(setup.Server, [.. setup.Agents]));
        await using var _ = reconnected;
        var changed = setup.Agents.Where(a => setup.Server.Centre.Truth(a)!.UserState != before[a]).ToList();
        using var snapshot = await setup.Http.SendAsync(TestEmulator.Authorized(HttpMethod.Get, $"api/v2/presence/users?id={string.Join(',', changed)}", setup.Token));
        var body = await snapshot.Content.ReadFromJsonAsync<BulkSnapshot>(ProtocolJsonContext.Default.BulkSnapshot);

        Assert.Equal(2, changed.Count);
        Assert.All(body!.Users, u => Assert.NotEqual(before[u.UserId], u.State));
    }

    [Fact]
    public async Task The_fault_endpoints_list_switch_off_and_refuse_bad_settings()
    {
        await using var setup = await Setup.StartAsync();

        using var on = await setup.Http.PostAsJsonAsync("emulator/faults/duplicate", new { probability = 0.25 });
        var listed = await setup.Http.GetFromJsonAsync<JsonElement>("emulator/faults");
        using var bad = await setup.Http.PostAsJsonAsync("emulator/faults/duplicate", new { probability = 3 });
        using var typo = await setup.Http.PostAsJsonAsync("emulator/faults/duplicate", new { probabilty = 0.5 });
        using var unknown = await setup.Http.PostAsync("emulator/faults/meteor-strike", null);
        using var off = await setup.Http.DeleteAsync("emulator/faults/duplicate");

        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var active = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("duplicate", 0.25), (active.Str("name"), active.GetProperty("settings").GetProperty("probability").GetDouble()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Null(setup.Server.Faults.Duplicate);
    }

    [Fact]
    public async Task The_new_faults_switch_on_and_off_over_http_and_refuse_a_declared_name()
    {
        await using var setup = await Setup.StartAsync();

        using var undeclared = await setup.Http.PostAsJsonAsync("emulator/faults/undeclared-properties", new { name = "siteCode", nested = false });
        using var declared = await setup.Http.PostAsJsonAsync("emulator/faults/undeclared-properties", new { name = "userId" });
        using var lose = await setup.Http.PostAsJsonAsync("emulator/faults/lose-deltas", new { count = 2 });
        var listed = await setup.Http.GetFromJsonAsync<JsonElement>("emulator/faults");
        using var off = await setup.Http.DeleteAsync("emulator/faults/lose-deltas");

        Assert.Equal(HttpStatusCode.OK, undeclared.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, declared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lose.StatusCode);
        Assert.Equal(["undeclared-properties", "lose-deltas"], listed.EnumerateArray().Select(f => f.Str("name")));
        Assert.Equal(new UndeclaredPropertiesFault(Name: "siteCode", Nested: false), setup.Server.Faults.UndeclaredProperties);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Null(setup.Server.Faults.LoseDeltas);
    }

    /// <summary>An emulator with a client subscribed to five agents, all available to start with.</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private const string HeartbeatPrefix = "{\"eventType\":\"heartbeat\"";
        private int _next;

        private Setup(EmulatorServer server, HttpClient http, string token, ChannelClient client, string[] agents)
        {
            Server = server;
            Http = http;
            Token = token;
            Client = client;
            Agents = agents;
        }

        public EmulatorServer Server { get; }

        public HttpClient Http { get; }

        public string Token { get; }

        public ChannelClient Client { get; }

        public string[] Agents { get; }

        public static async Task<Setup> StartAsync()
        {
            var server = await TestEmulator.StartAsync();
            var http = TestEmulator.Http(server);
            var token = await TestEmulator.TokenAsync(http);
            var agents = server.Centre.Agents.Take(5).Select(a => a.AgentId).ToArray();
            foreach (var agent in agents)
            {
                server.Centre.SetUserState(agent, "available");
            }

            var request = new SubscriptionRequest([new Subscription("user", new SubscriptionFilter(agents), ["available", "notReady"])]);
            var (client, _) = await ChannelClient.SubscribeAsync(server, token, request);
            return new Setup(server, http, token, client, agents);
        }

        /// <summary>Toggles the agents in turn between available and notReady; returns "agent/state@time" of each delta.</summary>
        public List<string> Toggle(int count)
        {
            var sent = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var agent = Agents[_next++ % Agents.Length];
                var state = Server.Centre.Truth(agent)!.UserState == "available" ? "notReady" : "available";
                sent.AddRange(Server.Centre.SetUserState(agent, state).Select(Key));
            }

            return sent;
        }

        public async Task<List<string>> ReceiveDeltasAsync(int count)
        {
            var received = new List<string>();
            while (received.Count < count)
            {
                var frame = await Client.ReceiveUntilAsync(Frames.IsDelta);
                received.Add(Key(frame.Deserialize(ProtocolJsonContext.Default.PresenceStateChange)!));
            }

            return received;
        }

        /// <summary>The next frame that is not a heartbeat, as raw text (it may not even be JSON).</summary>
        public async Task<string> NextNonHeartbeatTextAsync()
        {
            while (true)
            {
                var text = await Client.ReceiveTextAsync() ?? throw new InvalidOperationException("The socket closed.");
                if (!text.StartsWith(HeartbeatPrefix, StringComparison.Ordinal))
                {
                    return text;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Http.Dispose();
            await Server.DisposeAsync();
        }

        private static string Key(PresenceStateChange d) => $"{d.UserId}/{d.State}@{d.LastUpdated:O}";
    }
}
