using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Service.Tests.Support;
using Xunit.Abstractions;

namespace PresenceGrains.Service.Tests;

/// <summary>The whole service against the real emulator over loopback sockets.</summary>
public sealed class EndToEndTests(ITestOutputHelper output)
{
    private const string Tenant = "demo";

    /// <param name="azureStorage">Memory (the embedded default) or Azure Storage on an Azurite of its own (production's shape).</param>
    /// <param name="platform">The platform the emulator speaks and the service follows (Presence:Platform:Kind).</param>
    [Theory]
    [InlineData(false, EmulatorMode.Seed)]
    [InlineData(true, EmulatorMode.Seed)]
    [InlineData(false, EmulatorMode.GenesysCloud)]
    public async Task Every_agent_equals_the_truth_within_a_second_of_its_last_change_for_half_a_minute_under_reorder_and_duplicates(bool azureStorage, EmulatorMode platform)
    {
        await using var azurite = azureStorage ? await Azurite.StartAsync() : null;
        await using var emulator = await StandaloneEmulator.StartAsync(agents: 20, platform);
        emulator.Faults.Reorder = new ReorderFault(Probability: 0.3, MaxHoldMilliseconds: 150);
        emulator.Faults.Duplicate = new DuplicateFault(Probability: 0.2);
        var settings = StandaloneEmulator.PlatformSettings(emulator);
        if (azurite is not null)
        {
            settings["Presence:Storage:ConnectionString"] = azurite.ConnectionString;
        }

        await using var host = await RunningHost.StartAsync(settings);
        await host.WatchEverythingAsync(emulator);

        // The bound is 1 s after the truth's last change, hold window included. Readings between 0.75 s and 1 s that
        // still differ are counted too, to show the margin.
        var bound = TimeSpan.FromSeconds(1);
        var margin = TimeSpan.FromSeconds(0.75);
        var samples = 0;
        var nearBound = 0;
        var violations = new List<string>();
        // Half a minute per storage and platform: three rows of a minute each were half of the suite's time.
        var end = DateTime.UtcNow.AddSeconds(32);
        while (DateTime.UtcNow < end)
        {
            // A reading reflects the service at some instant after this one: judge it against this instant.
            var readStart = DateTimeOffset.UtcNow;
            var truths = emulator.Centre.Truth();
            var shown = await Task.WhenAll(truths.Select(t =>
                host.Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(Tenant, t.AgentId)).GetAsync()));
            var after = emulator.Centre.Truth().ToDictionary(t => t.AgentId);
            for (var i = 0; i < truths.Count; i++)
            {
                var truth = truths[i];

                // Judge only agents whose truth did not move while they were read.
                var settledFor = readStart - ExpectedComposite.LastChange(truth);
                if (ExpectedComposite.LastChange(after[truth.AgentId]) != ExpectedComposite.LastChange(truth) || settledFor < margin)
                {
                    continue;
                }

                var expected = ExpectedComposite.Of(truth);
                if (settledFor < bound)
                {
                    nearBound += shown[i].State != expected ? 1 : 0;
                    continue;
                }

                samples++;
                if (shown[i].State != expected)
                {
                    violations.Add(
                        $"{truth.AgentId}: shown {shown[i].State} [{string.Join(", ", shown[i].Devices.Select(d => $"{d.DeviceId}={d.State}@{d.LastUpdated:HH:mm:ss.fff}"))}], "
                        + $"truth {expected} (user {truth.UserState}@{truth.UserLastUpdated:HH:mm:ss.fff}; "
                        + $"{string.Join(", ", truth.Devices.Select(d => $"{d.DeviceId}={d.State}@{d.LastUpdated:HH:mm:ss.fff}"))}), read from {readStart:HH:mm:ss.fff}");
                }
            }

            await Task.Delay(100);
        }

        output.WriteLine($"{platform}, {(azureStorage ? "Azure Storage (Azurite)" : "memory")}: {samples} samples settled for 1 s or more, {violations.Count} differed; {nearBound} readings still differed between 0.75 s and 1 s");
        Assert.True(samples > 1000, $"only {samples} settled samples");
        Assert.True(emulator.DeltaLog.Count > 100, "the centre must have been busy");
        Assert.True(violations.Count == 0, $"{violations.Count} of {samples} settled samples differ from the truth:\n" + string.Join("\n", violations.Take(12)));
    }

    [Theory]
    [InlineData(EmulatorMode.Seed)]
    [InlineData(EmulatorMode.GenesysCloud)]
    public async Task A_softphone_handoff_never_shows_available_to_a_subscriber(EmulatorMode platform)
    {
        await using var emulator = await StandaloneEmulator.StartAsync(agents: 2, platform);
        emulator.Centre.StopSimulation();
        var agent = emulator.Centre.Agents.First(a => a.DeviceIds.Count >= 2);
        var (from, to) = (agent.DeviceIds[0], agent.DeviceIds[1]);
        await using var host = await RunningHost.StartAsync(StandaloneEmulator.PlatformSettings(emulator));
        await host.WatchEverythingAsync(emulator);
        await using var probe = await AgentStreamProbe.SubscribeAsync(host, Tenant, agent.AgentId);

        emulator.Centre.SetUserState(agent.AgentId, "available");
        emulator.Centre.SetDeviceState(to, "online");
        emulator.Centre.SetDeviceState(from, "onCall");
        await probe.WaitForAsync(p => p.State == AgentState.OnCall, "on call");

        // Seed edge case 1, as the platform sends it: the old device frees up a moment before the new one takes the call.
        emulator.Centre.SetDeviceState(from, "available", "transfer_out");
        emulator.Centre.SetDeviceState(to, "onCall", "transfer_in");

        // The call then ends in wrap-up: everything shown between the two is what the handoff showed.
        emulator.Centre.SetDeviceState(to, "wrapUp", "call_ended");
        await probe.WaitForAsync(p => p.State == AgentState.WrapUp, "wrap-up after the call");

        var afterCall = probe.Seen.SkipWhile(p => p.State != AgentState.OnCall).TakeWhile(p => p.State != AgentState.WrapUp).ToList();
        Assert.NotEmpty(afterCall);
        Assert.DoesNotContain(afterCall, p => p.State == AgentState.Available || p.Routable);
    }

    /// <remarks>Genesys Cloud has no presence-correction API: there the window is recorded and nothing is sent.</remarks>
    [Theory]
    [InlineData(EmulatorMode.Seed)]
    [InlineData(EmulatorMode.GenesysCloud)]
    public async Task A_socket_drop_shows_reconnecting_and_the_snapshot_repairs_the_gap_with_its_duration_recorded_and_corrections_sent(EmulatorMode platform)
    {
        await using var emulator = await StandaloneEmulator.StartAsync(agents: 3, platform);
        emulator.Centre.StopSimulation();
        var agent = emulator.Centre.Agents[0];
        emulator.Centre.SetUserState(agent.AgentId, "available");
        await using var host = await RunningHost.StartAsync(StandaloneEmulator.PlatformSettings(emulator));
        await host.WatchEverythingAsync(emulator);
        var grain = host.Grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(Tenant, agent.AgentId));
        await Wait.UntilAsync(grain.GetAsync, p => p.State == AgentState.Available && p.Freshness == Freshness.Fresh, what: "available");
        await using var probe = await AgentStreamProbe.SubscribeAsync(host, Tenant, agent.AgentId);

        // Seed edge case 2: the carrier drops the socket; reconnects are refused for a while; the agent changes meanwhile.
        emulator.Faults.RefuseReconnects = new RefuseReconnectsFault(DurationSeconds: 2, RetryAfterSeconds: 1);
        var dropped = DateTimeOffset.UtcNow;
        emulator.DropAllSockets();
        var reconnecting = await probe.WaitForAsync(p => p.Freshness == Freshness.Reconnecting, "reconnecting");
        Assert.Equal(AgentState.Available, reconnecting.State);
        Assert.False(reconnecting.Routable);
        emulator.Centre.SetUserState(agent.AgentId, "notReady", "break");

        var repaired = await probe.WaitForAsync(p => p.Cause == ChangeCause.Snapshot && p.State == AgentState.NotReady, "the snapshot repair");
        Assert.Equal(Freshness.Fresh, repaired.Freshness);
        Assert.DoesNotContain(probe.Seen, p => p.State == AgentState.Offline);

        var windows = await host.Grains.GetGrain<IPlatformConnectorGrain>(Tenant).GetDisconnectionsAsync(dropped.AddSeconds(-1), DateTimeOffset.UtcNow);
        var window = Assert.Single(windows);
        Assert.True(window.Start >= dropped.AddMilliseconds(-50) && window.Duration >= TimeSpan.FromSeconds(1.5), $"window {window.Start:O} for {window.Duration}");

        if (platform == EmulatorMode.GenesysCloud)
        {
            Assert.Empty(emulator.Corrections.All());
            return;
        }

        var correction = await Wait.UntilAsync(
            () => Task.FromResult(emulator.Corrections.All().FirstOrDefault(c => c.Correction.UserId == agent.AgentId)),
            c => c is not null, what: "a correction for the agent");
        Assert.Equal("notReady", correction!.Correction.State);
        Assert.Equal((long)window.Duration.TotalMilliseconds, correction.Correction.DurationMs);
        Assert.Equal(window.Start, correction.Correction.DisconnectedAt);
    }
}
