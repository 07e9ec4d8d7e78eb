using System.Diagnostics;
using System.Globalization;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Recovery;

/// <summary>
/// One drop: N agents on three devices each, signed in and quiet (the simulation stopped, so "equal to the truth" is
/// exact); every socket dropped while a tenth of the agents change their declared state; timed until everything is
/// repaired.
/// </summary>
internal static class RecoveryRun
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(10);

    public static async Task<RecoveryFigures> RunAsync(int agentCount, double clientRestRate, BenchStorage storage, BenchPlatform platform)
    {
        var options = new EmulatorOptions { Mode = platform.Mode, MaxClientFrameBytes = 64 * 1024 * 1024, DeltaLogCapacity = 10_000 };
        options.Simulation.AgentCount = agentCount;
        options.Simulation.DevicesPerAgent = 3;
        options.Simulation.LoginSpreadSeconds = 2;
        options.Simulation.NoiseRatePerSecond = 0;
        await using var emulator = await EmulatorServer.StartAsync(options);
        var agents = new AgentDirectory(emulator.Centre.Agents);
        await using var service = await ServiceUnderTest.StartAsync(emulator, storage, new Dictionary<string, string?>
        {
            ["Presence:Platform:RestRequestsPerSecond"] = clientRestRate.ToString(CultureInfo.InvariantCulture),
        });
        await using var recorder = await PublicationRecorder.SubscribeAsync(service.Client, ServiceUnderTest.Tenant, agents);
        await using var channel = await ChannelRecorder.SubscribeAsync(service.Client, ServiceUnderTest.Tenant);

        // Sign everyone in, then freeze the day: from here on the truth only changes through the drop.
        await Task.Delay(TimeSpan.FromSeconds(4));
        emulator.Centre.StopSimulation();
        Progress.Say($"recovery, {agentCount:N0} agents, {clientRestRate} REST calls/s: watching and seeding");
        await service.WatchAsync(agents.Agents);
        await service.WaitConnectedAsync(Bound);
        var truth = Expected(emulator, agents);
        await recorder.RequireAsync(r => Unrecovered(r, truth) == 0, Bound, "every agent seeded, Fresh and equal to the truth");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var changes = Math.Max(1, agentCount / 10);
        emulator.Faults.ChangesWhileDisconnected = new ChangesWhileDisconnectedFault(changes);
        var corrections = emulator.Corrections.Count;
        Progress.Say($"recovery, {agentCount:N0} agents: dropping every socket; {changes:N0} agents change while it is down");
        var dropped = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        emulator.DropAllSockets();

        await recorder.RequireAsync(r => r.LatestOfEach().All(p => p?.Freshness != Freshness.Fresh), Bound, "every agent showing the lost channel");
        var reconnectingShown = clock.Elapsed.TotalSeconds;
        emulator.Faults.ChangesWhileDisconnected = null;
        truth = Expected(emulator, agents);
        await recorder.RequireAsync(r => Unrecovered(r, truth) == 0, Bound, "every agent Fresh and equal to the truth again");
        var allFresh = clock.Elapsed.TotalSeconds;
        await recorder.RequireAsync(r => r.LatestOfEach().Select((p, a) => truth[a] != AgentState.Available || p?.Routable == true).All(ok => ok), Bound,
            "every available agent routable again");
        var allRoutable = clock.Elapsed.TotalSeconds;
        await service.WaitConnectedAsync(Bound);
        var connected = channel.Changes.LastOrDefault(c => c.Connection == ChannelConnection.Connected && c.At > dropped).At;

        // Corrections go out beside the live deltas, on the REST pace: wait until none has come for a while.
        var sent = await QuietCount.WaitAsync(() => (int)(emulator.Corrections.Count - corrections), TimeSpan.FromSeconds(5), Bound);
        var lastCorrection = sent > 0 ? emulator.Corrections.All()[^1].ReceivedAt : dropped;
        return new RecoveryFigures(
            agentCount, clientRestRate, options.RestRateLimit.RatePerSecond, changes, reconnectingShown, allFresh, allRoutable,
            connected == default ? double.NaN : (connected - dropped).TotalSeconds, sent, (lastCorrection - dropped).TotalSeconds, Unrecovered(recorder, truth));
    }

    private static AgentState[] Expected(EmulatorServer emulator, AgentDirectory agents)
    {
        var expected = new AgentState[agents.Count];
        foreach (var truth in emulator.Centre.Truth())
        {
            expected[agents.IndexOf(truth.AgentId)] = DesignComposite.Of(truth);
        }

        return expected;
    }

    private static int Unrecovered(PublicationRecorder recorder, AgentState[] truth) =>
        recorder.LatestOfEach().Where((p, agent) => p is not { Freshness: Freshness.Fresh } shown || shown.State != truth[agent]).Count();
}
