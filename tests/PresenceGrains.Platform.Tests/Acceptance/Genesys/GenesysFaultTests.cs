using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using PresenceGrains.Domain.Channel;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance.Genesys;

/// <summary>Every fault of the emulator's Genesys mode against the Genesys adapter, over real HTTP and WebSockets (issue 15).</summary>
public sealed class GenesysFaultTests
{
    public static TheoryData<string> DeliveryFaults => ["delay", "duplicate", "reorder"];

    /// <summary>Late, repeated and overtaken events still leave every agent's newest presence equal to the truth.</summary>
    [Theory]
    [MemberData(nameof(DeliveryFaults))]
    public async Task Under_a_delivery_fault_the_newest_presence_of_every_agent_is_the_truth(string fault)
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var faults = harness.Emulator.Faults;
        switch (fault)
        {
            case "delay": faults.Delay = new DelayFault(Milliseconds: 150, JitterMilliseconds: 100); break;
            case "duplicate": faults.Duplicate = new DuplicateFault(Probability: 0.5); break;
            default: faults.Reorder = new ReorderFault(Probability: 0.5, MaxHoldMilliseconds: 150); break;
        }

        var expected = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var agent = harness.AgentIds[i % harness.AgentIds.Count];
            var (signal, at) = harness.Flip(agent);
            expected.Add(GenesysHarness.Key(agent, signal, at));
        }

        await Eventually.HoldsAsync(
            () => expected.All(GenesysHarness.PresencePublications(events, connected).Contains),
            () => $"every change published; missing {expected.Except(GenesysHarness.PresencePublications(events, connected)).Count()}");
        foreach (var agent in harness.AgentIds)
        {
            var newest = events.Events.OfType<DeltaReceived>().Where(d => d.Delta.AgentId == agent && d.Delta.IsUserLevel).MaxBy(d => d.Delta.LastUpdated)!;
            Assert.Equal(harness.Emulator.Centre.Truth(agent)!.UserState == "available" ? PresenceSignal.Available : PresenceSignal.NotReady, newest.Delta.Signal);
        }

        Assert.Equal(ChannelState.Connected, harness.Platform.Status.State);
    }

    [Fact]
    public async Task A_dropped_socket_reports_its_window_before_the_new_channel_and_the_snapshot_holds_what_changed_meanwhile()
    {
        await using var harness = await GenesysHarness.StartAsync(emulator: e => e.Faults = new FaultOptions { ChangesWhileDisconnected = new ChangesWhileDisconnectedFault(Changes: 3) });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var logged = harness.Emulator.DeltaLog.Count;

        harness.Emulator.DropAllSockets();

        var (_, reconnecting) = await events.WaitForStateAsync(ChannelState.Reconnecting, connected);
        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: reconnecting);
        await events.WaitForStateAsync(ChannelState.Connected, windowAt);
        Assert.True(harness.Emulator.DeltaLog.Count >= logged + 3, "the platform changed agents while the client was away");
        Assert.DoesNotContain(events.Events.Take(windowAt).Skip(reconnecting), e => e is DeltaReceived);
        Assert.True(window.Duration > TimeSpan.Zero);
        await AssertSnapshotsAreTheTruthAsync(harness);
    }

    [Fact]
    public async Task Silence_on_a_half_open_socket_is_stale_within_the_bound_and_a_new_channel_follows()
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        harness.Emulator.Faults.StopHeartbeats = true;
        var (stale, staleAt) = await events.WaitForStateAsync(ChannelState.Stale, connected, TimeSpan.FromSeconds(5));
        harness.Emulator.Faults.StopHeartbeats = false;
        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: staleAt);
        await events.WaitForStateAsync(ChannelState.Connected, windowAt);

        Assert.Contains("no heartbeat or pong", window.Cause, StringComparison.Ordinal);
        await FlipAndSeeAsync(harness, events, windowAt);
    }

    /// <summary>
    /// A pause of this process (a multi-second GC while seeding 100,000 agents) is not the platform's silence: no pings
    /// went out meanwhile, so no pong could come back. The socket is kept, not dropped as stale with every agent re-read.
    /// Heartbeats come every 30 s, as Genesys sends them, and pings every second (half the stale threshold): between
    /// pings only their pongs speak for the socket.
    /// </summary>
    [Fact]
    public async Task A_pause_of_this_process_past_the_stale_threshold_keeps_the_healthy_socket()
    {
        var clock = new PausableTimeProvider();
        await using var harness = await GenesysHarness.StartAsync(
            emulator: o => o.Genesys.HeartbeatInterval = TimeSpan.FromSeconds(30),
            platform: o => o.PingPeriod = TimeSpan.FromSeconds(1),
            time: clock);
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        // A pong takes a round trip, as over the internet (on loopback it could beat the loop's own look at the socket).
        harness.Emulator.Faults.Delay = new DelayFault(Milliseconds: 50);

        // Right after a pong, as a real pause finds it: nothing waits for the reader and the next ping is most of a
        // second away, so no pong can arrive before the loop looks at the socket after the pause.
        var last = harness.Platform.Status.LastHeartbeat;
        await Eventually.HoldsAsync(() => harness.Platform.Status.LastHeartbeat != last, "a pong");
        var resumed = clock.Pause(harness.Options.Common.StaleThreshold + TimeSpan.FromMilliseconds(500));
        await Eventually.HoldsAsync(
            () => harness.Platform.Status.LastHeartbeat > resumed + TimeSpan.FromSeconds(1),
            () => $"a heartbeat or pong a second after the pause (last {harness.Platform.Status.LastHeartbeat:O}, resumed {resumed:O})");

        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow);
        Assert.Equal(0, harness.Platform.Status.Reconnects);
    }

    [Fact]
    public async Task Refused_socket_connects_wait_the_retry_after_and_reuse_the_channel()
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var channelsBefore = ChannelPosts(harness);

        harness.Emulator.Faults.RefuseReconnects = new RefuseReconnectsFault(Count: 2, RetryAfterSeconds: 1);
        var dropped = DateTimeOffset.UtcNow;
        harness.Emulator.DropAllSockets();
        var (window, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected);
        await events.WaitForStateAsync(ChannelState.Connected, windowAt);

        // Two refusals, each answered with Retry-After: 1: the client waited at least that long twice.
        Assert.True(window.End - dropped >= TimeSpan.FromSeconds(1.9), $"reconnected after {window.End - dropped}");
        Assert.Equal(channelsBefore + 1, ChannelPosts(harness));
        await FlipAndSeeAsync(harness, events, windowAt);
    }

    [Fact]
    public async Task Lost_events_are_found_by_the_background_re_read()
    {
        await using var harness = await GenesysHarness.StartAsync(platform: o =>
        {
            o.Common.AntiEntropyPeriod = TimeSpan.FromSeconds(1);
            o.Common.AntiEntropyRestShare = 0.5;
        });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var agent = harness.AgentIds[0];

        harness.Emulator.Faults.LoseDeltas = new LoseDeltasFault(Probability: 1, Count: 2);
        harness.Flip(agent);

        var (reread, _) = await events.WaitForAsync<ResnapshotRequired>(r => r.Cause == ResnapshotCauses.AntiEntropy && r.AgentIds.Contains(agent), connected, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is DeltaReceived d && d.Delta.AgentId == agent && d.Delta.IsUserLevel);
        await AssertSnapshotsAreTheTruthAsync(harness);
    }

    [Fact]
    public async Task Malformed_oversized_and_undeclared_frames_are_counted_and_the_channel_stays_up()
    {
        await using var harness = await GenesysHarness.StartAsync(platform: o => o.Common.MaxFrameBytes = 64 * 1024);
        var undeclared = new List<string>();
        using var listener = Listen(PlatformMetrics.UndeclaredProperties, tags => { lock (undeclared) { undeclared.Add($"{tags[TelemetryTags.MessageDimension]} {tags[TelemetryTags.PropertyDimension]}"); } });
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        var faults = harness.Emulator.Faults;
        faults.MalformedFrames = new MalformedFramesFault(Probability: 1, Count: 1);
        harness.Flip(harness.AgentIds[0]);
        faults.OversizedFrames = new OversizedFramesFault(Probability: 1, Count: 1, SizeBytes: 128 * 1024);
        harness.Flip(harness.AgentIds[1]);
        faults.UndeclaredProperties = new UndeclaredPropertiesFault(Probability: 1, Name: "platformRelease", Nested: true);
        await FlipAndSeeAsync(harness, events, connected);

        await Eventually.HoldsAsync(
            () => harness.Platform.Status.Counters is { Malformed: >= 1, Oversized: >= 1 },
            () => $"malformed and oversized counted: {harness.Platform.Status.Counters}");
        lock (undeclared)
        {
            Assert.Contains(undeclared, u => u.EndsWith("platformRelease", StringComparison.Ordinal) && u.Contains("Notification", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow);
        Assert.Equal(0, harness.Platform.Status.Reconnects);
    }

    /// <summary>Seed edge case 3 in Genesys: a revoked token ends the channel; the client takes a new token and channel.</summary>
    [Fact]
    public async Task A_revoked_token_is_replaced_and_the_agents_re_read_and_changes_flow_on_a_new_channel()
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var refreshes = harness.Platform.Status.TokenRefreshes;

        harness.Emulator.RevokeTokens();

        var (_, repairAt) = await events.WaitForAsync<PlatformEvent>(e => e is DisconnectionWindow || (e is ResnapshotRequired r && r.AgentIds.Count == harness.AgentIds.Count), connected);
        await Eventually.HoldsAsync(() => harness.Platform.Status.TokenRefreshes > refreshes, "a new token");
        await FlipAndSeeAsync(harness, events, repairAt);
        await AssertSnapshotsAreTheTruthAsync(harness);
    }

    [Fact]
    public async Task Expired_tokens_are_rotated_on_the_401_and_the_open_channel_keeps_delivering()
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
        var refreshes = harness.Platform.Status.TokenRefreshes;

        harness.Emulator.ExpireTokens();

        await AssertSnapshotsAreTheTruthAsync(harness);
        Assert.True(harness.Platform.Status.TokenRefreshes > refreshes, "the 401 rotated the token");
        await FlipAndSeeAsync(harness, events, connected);
        Assert.DoesNotContain(events.Events.Skip(connected + 1), e => e is ChannelStateChanged or DisconnectionWindow);
    }

    [Fact]
    public async Task Expired_channels_are_replaced_with_the_window_reported_and_no_frame_counted_invalid()
    {
        await using var harness = await GenesysHarness.StartAsync();
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        harness.Emulator.ExpireChannels();

        var (_, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected);
        await events.WaitForStateAsync(ChannelState.Connected, windowAt);
        await FlipAndSeeAsync(harness, events, windowAt);
        Assert.Equal(0, harness.Platform.Status.Counters.SchemaInvalid + harness.Platform.Status.Counters.Malformed);
    }

    /// <summary>Another channel of the same OAuth client beyond its limit removes this one: a new channel and a re-read.</summary>
    [Fact]
    public async Task No_longer_subscribed_re_reads_the_channels_agents_and_subscribes_a_new_channel()
    {
        await using var harness = await GenesysHarness.StartAsync(emulator: e => e.Genesys.MaxChannelsPerClient = 1);
        var events = harness.Run();
        var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);

        await CreateChannelAsOutsiderAsync(harness);

        var (reread, rereadAt) = await events.WaitForAsync<ResnapshotRequired>(r => r.Cause == ResnapshotCauses.Resubscribed, connected);
        Assert.Equal(harness.AgentIds.Order(), reread.AgentIds.Order());

        // The re-read is asked for at once (a change meanwhile is in it); changes are deltas again once a new channel
        // holds the topics, which may take a handover and a reconnect: a change is made until one is published.
        var agent = harness.AgentIds[^1];
        for (var attempt = 1; ; attempt++)
        {
            var (signal, at) = harness.Flip(agent);
            var key = GenesysHarness.Key(agent, signal, at);
            try
            {
                await Eventually.HoldsAsync(() => GenesysHarness.PresencePublications(events, rereadAt).Contains(key), $"{key} published", TimeSpan.FromSeconds(1));
                break;
            }
            catch (TimeoutException) when (attempt < 15)
            {
                // Made before the new channel held the topics; the next one is not.
            }
        }
    }

    /// <summary>The client waits out Retry-After on every 429 and gets every snapshot.</summary>
    [Fact]
    public async Task Rate_limited_snapshots_wait_the_retry_after_of_each_429_and_all_arrive()
    {
        await using var harness = await GenesysHarness.StartAsync(platform: o => o.Common.MaxRestAttempts = 5);
        harness.Emulator.Faults.RateLimit = new RateLimitFault(Count: 2, RetryAfterSeconds: 1);

        await AssertSnapshotsAreTheTruthAsync(harness);

        var answers = harness.Recorder.Answers;
        var refused = answers.Where(a => a.Status == System.Net.HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(2, refused.Count);
        foreach (var answer in refused)
        {
            var next = answers.First(a => a.SentAt >= answer.AnsweredAt);
            Assert.True(next.SentAt - answer.AnsweredAt >= TimeSpan.FromSeconds(0.95), $"the next call came {next.SentAt - answer.AnsweredAt} after a 429 asking for 1 s");
        }
    }

    /// <summary>When the inin-ratelimit headers say the budget is spent, the client pauses instead of earning 429s.</summary>
    [Fact]
    public async Task A_spent_budget_pauses_the_client_until_its_reset_without_a_single_429()
    {
        await using var harness = await GenesysHarness.StartAsync(
            emulator: e => e.RestRateLimit = new RestRateLimitOptions { RatePerSecond = 10, Burst = 6 },
            platform: o => o.UsersPerRequest = 1);

        // One request per agent, and a token: more than the burst of 6.
        await AssertSnapshotsAreTheTruthAsync(harness);

        Assert.Equal(0, harness.Recorder.Throttled);
        Assert.True(harness.Recorder.Answers.Count(a => a.Path.EndsWith("/api/v2/users", StringComparison.Ordinal)) >= harness.AgentIds.Count);
    }

    private static async Task AssertSnapshotsAreTheTruthAsync(GenesysHarness harness)
    {
        var snapshots = await harness.Platform.GetSnapshotsAsync(harness.AgentIds, default);
        Assert.Empty(snapshots.NotFound);
        foreach (var truth in harness.Emulator.Centre.Truth())
        {
            var snapshot = Assert.Single(snapshots.Snapshots, s => s.AgentId == truth.AgentId);
            Assert.Equal(truth.UserState, SignalClaims.ToWire(snapshot.User!.Signal));
        }
    }

    /// <summary>A change made now is published by the (new) channel.</summary>
    private static async Task FlipAndSeeAsync(GenesysHarness harness, EventCollector events, int from)
    {
        var agent = harness.AgentIds[^1];
        var (signal, at) = harness.Flip(agent);
        var key = GenesysHarness.Key(agent, signal, at);
        await Eventually.HoldsAsync(() => GenesysHarness.PresencePublications(events, from).Contains(key), $"{key} published");
    }

    private static int ChannelPosts(GenesysHarness harness) =>
        harness.Recorder.Answers.Count(a => a.Path.EndsWith("/notifications/channels", StringComparison.Ordinal) && a.Status == System.Net.HttpStatusCode.OK);

    private static async Task CreateChannelAsOutsiderAsync(GenesysHarness harness)
    {
        using var http = new HttpClient();
        using var login = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.GenesysLoginBase, "oauth/token"))
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        login.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestOptions.ClientId}:{TestOptions.ClientSecret}")));
        using var token = await http.SendAsync(login);
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString();
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.GenesysApiBase, "api/v2/notifications/channels"));
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var channel = await http.SendAsync(create);
        channel.EnsureSuccessStatusCode();
    }

    private static MeterListener Listen(string instrumentName, Action<Dictionary<string, object?>> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == instrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                values[tag.Key] = tag.Value;
            }

            measured(values);
        });
        listener.Start();
        return listener;
    }
}
