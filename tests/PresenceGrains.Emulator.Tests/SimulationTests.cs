using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Tests;

public sealed class SimulationTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_same_seed_gives_the_same_delta_log_and_another_seed_does_not()
    {
        var first = await RunDayAsync(seed: 7, agents: 200, TimeSpan.FromMinutes(5));
        var second = await RunDayAsync(seed: 7, agents: 200, TimeSpan.FromMinutes(5));
        var other = await RunDayAsync(seed: 8, agents: 200, TimeSpan.FromMinutes(5));

        Assert.True(first.Count > 2000, $"only {first.Count} deltas");
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_day_has_logins_calls_wrap_up_breaks_hand_offs_and_logouts()
    {
        var log = (await RunDayAsync(seed: 3, agents: 200, TimeSpan.FromMinutes(10)))
            .Select(json => JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.PresenceStateChange)!).ToList();

        var reasons = log.Select(d => d.Reason).ToHashSet();
        Assert.Superset(
            new HashSet<string?> { "device_registered", "login", "ready", "incoming_call", "call_answered", "call_ended", "after_call_work", "wrap_up_complete", "call_transferred", "call_transferred_in", "logout", "device_unregistered", "composite_changed" },
            reasons);
        Assert.Contains(log, d => d.Reason is "break" or "lunch" or "training" or "meeting");
        Assert.Contains(log, d => d.DeviceId is not null && d.State == "inUse");
        Assert.Contains(log, d => d.DeviceId is not null && d.State == "online");

        // Seed edge case 1: in every hand-off the old device goes idle a moment BEFORE the new one takes the call.
        var handOffs = log.Where(d => d.Reason == "call_transferred").ToList();
        Assert.NotEmpty(handOffs);
        foreach (var left in handOffs)
        {
            var arrived = log.First(d => d.UserId == left.UserId && d.Reason == "call_transferred_in" && d.LastUpdated >= left.LastUpdated);
            Assert.NotEqual(left.DeviceId, arrived.DeviceId);
            Assert.InRange(arrived.LastUpdated - left.LastUpdated, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(600));
        }
    }

    [Fact]
    public async Task Every_delta_is_true_when_emitted_and_replaying_the_log_rebuilds_the_truth()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await StartSimulatedAsync(seed: 11, agents: 150, time);
        Advance(time, TimeSpan.FromMinutes(10));
        server.Centre.StopSimulation();

        var sources = new Dictionary<(string, string?), (string State, DateTimeOffset At)>();
        foreach (var delta in server.DeltaLog.All())
        {
            Frames.AssertValid(SchemaKind.PresenceStateChange, JsonSerializer.SerializeToElement(delta, ProtocolJsonContext.Default.PresenceStateChange));
            var key = (delta.UserId, delta.DeviceId);
            if (sources.TryGetValue(key, out var previous))
            {
                // A source's time only moves forward; a companion user-level delta restates the same moment.
                Assert.True(delta.LastUpdated > previous.At || (delta.LastUpdated == previous.At && delta.State == previous.State), $"{key} went back in time");
            }

            sources[key] = (delta.State, delta.LastUpdated);
            var devices = delta.CompositeState.DeviceStates;
            var userState = sources.GetValueOrDefault((delta.UserId, null), ("offline", Start)).Item1;
            var expected = devices.Select(d => Priority(d.State)).Append(Priority(userState)).Max();
            Assert.Equal(expected, delta.CompositeState.Priority);
            Assert.All(devices.Where(d => sources.ContainsKey((delta.UserId, d.DeviceId))), d => Assert.Equal(sources[(delta.UserId, d.DeviceId)], (d.State, d.Timestamp)));
        }

        foreach (var truth in server.Centre.Truth())
        {
            Assert.Equal((truth.UserState, truth.UserLastUpdated), sources.GetValueOrDefault((truth.AgentId, null), ("offline", Start)));
            Assert.All(truth.Devices, d => Assert.Equal((d.State, d.LastUpdated), sources.GetValueOrDefault((truth.AgentId, d.DeviceId), ("offline", Start))));
        }
    }

    [Fact]
    public async Task A_hundred_thousand_agents_log_in_on_one_scheduler()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await StartSimulatedAsync(seed: 1, agents: 100_000, time, o =>
        {
            o.DeltaLogCapacity = 1000;
            o.Simulation.LoginSpreadSeconds = 5;
            o.Simulation.TickInterval = TimeSpan.FromMilliseconds(100);
        });

        Advance(time, TimeSpan.FromSeconds(20), step: TimeSpan.FromMilliseconds(100));
        server.Centre.StopSimulation();

        Assert.Equal(100_000, server.Centre.Agents.Count);
        Assert.Equal("agent-100000", server.Centre.Agents[^1].AgentId);
        var loggedIn = server.Centre.Truth().Count(t => t.UserLastUpdated > Start);
        Assert.Equal(100_000, loggedIn);
        Assert.True(server.DeltaLog.Count > 300_000, $"{server.DeltaLog.Count} deltas");
    }

    private static async Task<List<string>> RunDayAsync(int seed, int agents, TimeSpan length)
    {
        var time = new FakeTimeProvider(Start);
        await using var server = await StartSimulatedAsync(seed, agents, time);
        Advance(time, length);
        server.Centre.StopSimulation();
        return [.. server.DeltaLog.All().Select(d => JsonSerializer.Serialize(d, ProtocolJsonContext.Default.PresenceStateChange))];
    }

    private static Task<EmulatorServer> StartSimulatedAsync(int seed, int agents, FakeTimeProvider time, Action<EmulatorOptions>? configure = null) =>
        TestEmulator.StartAsync(o =>
        {
            o.Simulation.AgentCount = agents;
            o.Simulation.Seed = seed;
            o.Simulation.AutoStart = true;
            o.Simulation.TimeScale = 0.2;
            o.DeltaLogCapacity = 1_000_000;
            configure?.Invoke(o);
        }, time);

    private static void Advance(FakeTimeProvider time, TimeSpan length, TimeSpan? step = null)
    {
        var by = step ?? TimeSpan.FromMilliseconds(20);
        for (var elapsed = TimeSpan.Zero; elapsed < length; elapsed += by)
        {
            time.Advance(by);
        }
    }

    private static int Priority(string state) => PresenceStates.Priority(state);
}
