using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Tests;

/// <summary>An agent's stored state in a one-silo test cluster, read and written past the grain, and its activation collected.</summary>
public sealed class StoredAgents(TestCluster cluster)
{
    public async Task<AgentGrainState?> TryReadAsync(Scenario scenario)
    {
        var stored = new GrainState<AgentGrainState>();
        await Storage().ReadStateAsync("agent", scenario.Agent().GetGrainId(), stored);
        return stored.RecordExists ? stored.State : null;
    }

    /// <summary>How many times the agent's state was written, on a cluster whose storage counts (<see cref="CountingGrainStorage"/>).</summary>
    public int WritesOf(Scenario scenario) => Assert.IsType<CountingGrainStorage>(Storage()).WritesOf(scenario.Agent().GetGrainId());

    public async Task<AgentGrainState> ReadAsync(Scenario scenario)
    {
        var stored = await TryReadAsync(scenario);
        Assert.NotNull(stored);
        return stored;
    }

    /// <summary>Removes the agent's stored record, which must exist.</summary>
    public async Task ClearAsync(Scenario scenario)
    {
        var stored = new GrainState<AgentGrainState>();
        var grainId = scenario.Agent().GetGrainId();
        await Storage().ReadStateAsync("agent", grainId, stored);
        Assert.True(stored.RecordExists);
        await Storage().ClearStateAsync("agent", grainId, stored);
    }

    public async Task RewriteAsync(Scenario scenario, Action<AgentGrainState> change)
    {
        var stored = new GrainState<AgentGrainState>();
        var grainId = scenario.Agent().GetGrainId();
        await Storage().ReadStateAsync("agent", grainId, stored);
        change(Assert.IsType<AgentGrainState>(stored.State));
        await Storage().WriteStateAsync("agent", grainId, stored);
    }

    /// <summary>
    /// Deactivates the agent alone, as the runtime does when it is idle, and waits for its clean deactivation to be
    /// stored. A collection of every idle activation took the connector too, whose keep-alive reminder then re-read
    /// every agent, re-activating this one before the test could change what it had stored.
    /// </summary>
    public async Task CollectAsync(Scenario scenario)
    {
        (await ActivationAsync(scenario)).Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "collected (test)"));
        await Eventually.HoldsAsync(() => TryReadAsync(scenario), s => s?.DeactivatedCleanly == true, what: "the collected agent's last write");
    }

    /// <summary>The agent's current activation, as the test silo's call filter saw it calling its device.</summary>
    public static async Task<IGrainContext> ActivationAsync(Scenario scenario) =>
        (await Eventually.HoldsAsync(
            () => Task.FromResult(GrainCallRecorder.Callers.GetValueOrDefault(scenario.Agent().GetGrainId())), a => a is not null,
            what: "the agent's activation (seen calling its device)"))!;

    public IGrainStorage Storage() =>
        Assert.IsType<InProcessSiloHandle>(cluster.Primary).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Presence);
}
