using PresenceGrains.Emulator.Tests.Support;

namespace PresenceGrains.Emulator.Tests;

/// <summary>Prepared scripts (load tests play them) and fixed device layouts.</summary>
public sealed class ScriptTests
{
    [Fact]
    public async Task A_fixed_device_count_gives_every_agent_a_softphone_a_mobile_and_a_desk_phone()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Simulation.DevicesPerAgent = 3);

        Assert.All(server.Centre.Agents, a => Assert.Equal(
            new[] { "deskphone", "mobile", "softphone" }.Select(kind => $"{a.AgentId}-{kind}"),
            a.DeviceIds.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_device_count_outside_one_to_three_is_refused_at_start_up()
    {
        var options = TestEmulator.Options();
        options.Simulation.DevicesPerAgent = 4;

        var problems = new EmulatorOptionsValidator().Validate(null, options);

        Assert.True(problems.Failed);
        Assert.Contains(problems.Failures!, f => f.Contains("Simulation:DevicesPerAgent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_script_plays_in_order_with_the_platforms_composite_deltas_and_ends_at_its_last_states()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Simulation.DevicesPerAgent = 3);
        var agent = server.Centre.Agents[0];
        var softphone = agent.DeviceIds[0];

        var played = await server.Centre.PlayAsync(
        [
            ScriptedChange.User(agent.AgentId, "available"),
            ScriptedChange.Device(softphone, "available"),
            ScriptedChange.Device(softphone, "ringing"),
            ScriptedChange.Device(softphone, "onCall"),
            ScriptedChange.User(agent.AgentId, "wrapUp"),
        ]);

        Assert.Equal(5, played);
        var log = server.DeltaLog.All();
        Assert.Equal(
            [(null, "available"), (softphone, "available"), (softphone, "ringing"), (null, "available"), (softphone, "onCall"), (null, "wrapUp")],
            log.Select(d => (d.DeviceId, d.State)).ToList());
        Assert.Equal("composite_changed", log[3].Reason);
        var truth = server.Centre.Truth(agent.AgentId)!;
        Assert.Equal("wrapUp", truth.UserState);
        Assert.Equal("onCall", truth.Devices.Single(d => d.DeviceId == softphone).State);
    }

    [Fact]
    public async Task A_script_with_an_unknown_device_or_a_wrong_state_emits_nothing()
    {
        await using var server = await TestEmulator.StartAsync();
        var agent = server.Centre.Agents[0].AgentId;

        await Assert.ThrowsAsync<KeyNotFoundException>(() => server.Centre.PlayAsync(
            [ScriptedChange.User(agent, "available"), ScriptedChange.Device("no-such-device", "online")]));
        await Assert.ThrowsAsync<ArgumentException>(() => server.Centre.PlayAsync(
            [ScriptedChange.User(agent, "available"), ScriptedChange.User(agent, "ringing")]));

        Assert.Equal(0, server.DeltaLog.Count);
        Assert.Equal("offline", server.Centre.Truth(agent)!.UserState);
    }
}
