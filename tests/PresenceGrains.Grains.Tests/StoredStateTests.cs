using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Connector;
using PresenceGrains.Grains.Watch;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// Reading a grain's stored state must not change what any other grain starts with. The grain storage serializer
/// populates objects it finds already in place, so a default shared between state instances would carry one grain's
/// stored values into every grain activated after it: one tenant's watched set into a new tenant's connector.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoredStateTests(ClusterFixture fixture)
{
    private IGrainStorageSerializer Serializer =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public void Reading_a_connectors_state_leaves_a_new_connector_watching_nothing()
    {
        var stored = new ConnectorGrainState { Watch = new WatchSet([new WatchedAgent("agent-of-tenant-a", ["dev-a"])]) };

        var read = Serializer.Deserialize<ConnectorGrainState>(Serializer.Serialize(stored))!;

        Assert.Equal("agent-of-tenant-a", Assert.Single(read.Watch.Agents).AgentId);
        Assert.Empty(new ConnectorGrainState().Watch.Agents);
    }

    [Fact]
    public void Reading_an_agents_state_leaves_a_new_agent_without_anomalies()
    {
        var stored = new AgentGrainState { Anomalies = new AgentAnomalies(3, 4, 5, 6, 7) };

        var read = Serializer.Deserialize<AgentGrainState>(Serializer.Serialize(stored))!;

        Assert.Equal(3, read.Anomalies.StaleDeltas);
        Assert.Equal(new AgentAnomalies(0, 0, 0, 0, 0), new AgentGrainState().Anomalies);
    }

    [Fact]
    public async Task A_new_tenants_connector_never_starts_with_another_tenants_watched_set()
    {
        var tenantA = await Scenario.StartAsync(fixture.Cluster.Client, "agent-of-tenant-a");

        // Re-activate tenant A's connector, so that its stored state is read back.
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal("agent-of-tenant-a", Assert.Single((await tenantA.Connector.GetWatchAsync()).Agents).AgentId);

        var tenantB = fixture.Cluster.Client.GetGrain<IPlatformConnectorGrain>("t-" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Empty((await tenantB.GetWatchAsync()).Agents);
    }

    // Stored samples, as the grain storage serializer wrote them before devices moved into the agent and the watched set
    // into chunks (issue 13): the agent without device hearing times, the connector holding its whole watched set and
    // its disconnection windows. (Device grains keep no state any more: their old rows are simply not read.)
    private const string OldAgentState =
        """{"$id":"1","$type":"PresenceGrains.Grains.Agents.AgentGrainState, PresenceGrains.Grains","User":{"$id":"2","$type":"PresenceGrains.Grains.Agents.StoredSource, PresenceGrains.Grains","State":2,"LastUpdated":"2026-12-01T09:00:00+00:00"},"Devices":{"$type":"System.Collections.Generic.List`1[[PresenceGrains.Grains.Agents.StoredSource, PresenceGrains.Grains]], System.Private.CoreLib","$values":[{"$id":"3","$type":"PresenceGrains.Grains.Agents.StoredSource, PresenceGrains.Grains","DeviceId":"softphone","State":7,"LastUpdated":"2026-12-01T09:00:01+00:00"}]},"Anomalies":{"$id":"4","$type":"PresenceGrains.Grains.Agents.AgentAnomalies, PresenceGrains.Grains","StaleDeltas":1,"Duplicates":2,"TimestampTies":3,"InversionsHeld":4,"CompositeDisagreements":5}}""";


    private const string OldConnectorState =
        """{"$id":"1","$type":"PresenceGrains.Grains.Connector.ConnectorGrainState, PresenceGrains.Grains","Watch":{"$id":"2","$type":"PresenceGrains.Abstractions.WatchSet, PresenceGrains.Abstractions","Agents":{"$type":"PresenceGrains.Abstractions.WatchedAgent[], PresenceGrains.Abstractions","$values":[{"$id":"3","$type":"PresenceGrains.Abstractions.WatchedAgent, PresenceGrains.Abstractions","AgentId":"agent-1","DeviceIds":{"$type":"System.String[], System.Private.CoreLib","$values":["softphone","mobile"]}},{"$id":"4","$type":"PresenceGrains.Abstractions.WatchedAgent, PresenceGrains.Abstractions","AgentId":"agent-2","DeviceIds":{"$type":"System.String[], System.Private.CoreLib","$values":[]}}]}},"Disconnections":{"$type":"System.Collections.Generic.List`1[[PresenceGrains.Abstractions.DisconnectionWindow, PresenceGrains.Abstractions]], System.Private.CoreLib","$values":[{"$id":"5","$type":"PresenceGrains.Abstractions.DisconnectionWindow, PresenceGrains.Abstractions","Start":"2026-12-01T09:00:00+00:00","End":"2026-12-01T09:00:03+00:00","Cause":"socket closed","Duration":"00:00:03"}]}}""";

    [Fact]
    public void State_stored_by_the_previous_version_still_loads()
    {
        var agent = Serializer.Deserialize<AgentGrainState>(BinaryData.FromString(OldAgentState))!;
        Assert.Equal(("softphone", DeviceState.OnCall), (Assert.Single(agent.Devices).DeviceId, agent.Devices[0].State));
        Assert.Equal(5, agent.Anomalies.CompositeDisagreements);
        Assert.Empty(agent.DeviceHeardAt);
        Assert.Empty(agent.DeviceLivenessTold);

        var connector = Serializer.Deserialize<ConnectorGrainState>(BinaryData.FromString(OldConnectorState))!;
        Assert.Equal(["agent-1", "agent-2"], connector.Watch.Agents.Select(a => a.AgentId));
    }

    // An agent's state as 603dd88 wrote it, before its published presence and sources stopped being reference-tracked
    // (the device ids in DeviceHeardAt refer back to strings written inside Published).
    private const string AgentStateOf603dd88 =
        "ICDowAEJAwkhgADo6E53U98IgQAAAAAAAAAA4AEB4CEABSHoQBNzb2Z0cGhvbmUJAx0hgIB+gU93U98IgQAAAAAAAAAA4AEB4CDoQA1tb2JpbGUJAwUhgAAVGlB3U98IgQAAAAAAAAAA4AEB4OAh6EAJZGVtb0EPYWdlbnQtMQkDEQEBCQMBIYAA6OhOd1PfCIEAAAAAAAAAAOAhgAAVGlB3U98IgQAAAAAAAAAA4AkDAQGpMQGcGLvne1JlYWRPbmx5TGlzdEludGVyZmFjZUNvZGVjYDFbW1ByZXNlbmNlR3JhaW5zLkRldmljZVByZXNlbmNlXV0ABSHowBkJAx0hgIB+gU93U98IgQAAAAAAAAAA4OAg6MAnCQMFIYAAFRpQd1PfCIEAAAAAAAAAAODg4OAJAwUhgICrslB3U98IgQAAAAAAAAAA4CHoAAUBCQENAREBFeABAyEwATEs1C4dU3RyaW5nQ29tcGFyZXIAAwEB4AEFwRkggIB+gU93U98IgQAAAAAAAAAA4MAnIIAAFRpQd1PfCIEAAAAAAAAAAODgITgFAAMBAeABBcEZAAPAJwAB4AED4A==";

    [Fact]
    public void Agent_state_keeps_its_bytes_when_the_published_presence_is_not_reference_tracked()
    {
        string soft = "softphone", mobile = "mobile";
        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var state = new AgentGrainState
        {
            User = new StoredSource(null, DeviceState.Available, at, false),
            Devices = [new StoredSource(soft, DeviceState.OnCall, at.AddSeconds(1), false), new StoredSource(mobile, DeviceState.Online, at.AddSeconds(2), false)],
            Published = new AgentPresence("demo", "agent-1", AgentState.OnCall, false, Freshness.Fresh, at, at.AddSeconds(2), ChangeCause.Delta, 42,
                [new DevicePresence(soft, DeviceState.OnCall, at.AddSeconds(1)), new DevicePresence(mobile, DeviceState.Online, at.AddSeconds(2))]),
            Freshness = Freshness.Stale,
            LostSince = at.AddSeconds(3),
            LostChannelReminderRegistered = true,
            Anomalies = new AgentAnomalies(1, 2, 3, 4, 5),
            DeviceHeardAt = new(StringComparer.Ordinal) { [soft] = at.AddSeconds(1), [mobile] = at.AddSeconds(2) },
            DeviceLivenessTold = new(StringComparer.Ordinal) { [soft] = true, [mobile] = false },
            DeactivatedCleanly = true,
        };
        var stored = Convert.FromBase64String(AgentStateOf603dd88);

        Assert.Equal(stored, Serializer.Serialize(state).ToArray());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(state),
            System.Text.Json.JsonSerializer.Serialize(Serializer.Deserialize<AgentGrainState>(BinaryData.FromBytes(stored))));
    }

    [Fact]
    public void State_is_written_by_the_Orleans_serializer_not_as_json_with_type_names()
    {
        var written = Serializer.Serialize(new AgentGrainState { Anomalies = new AgentAnomalies(1, 0, 0, 0, 0) });

        Assert.NotEqual((byte)'{', written.ToMemory().Span[0]);
        Assert.Equal(1, Serializer.Deserialize<AgentGrainState>(written)!.Anomalies.StaleDeltas);
    }

    [Fact]
    public async Task An_old_connectors_watched_set_moves_into_chunks_once()
    {
        var tenantId = "t-" + Guid.NewGuid().ToString("N")[..12];
        ScriptedPlatforms.For(tenantId);
        var connector = fixture.Cluster.Client.GetGrain<IPlatformConnectorGrain>(tenantId);
        var storage = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Presence);
        var stored = new GrainState<ConnectorGrainState>(Serializer.Deserialize<ConnectorGrainState>(BinaryData.FromString(OldConnectorState))!);
        await storage.WriteStateAsync("connector", connector.GetGrainId(), stored);

        var watch = await connector.GetWatchAsync();

        Assert.Equal(["agent-1", "agent-2"], watch.Agents.Select(a => a.AgentId));
        Assert.Equal(["softphone", "mobile"], watch.Agents[0].DeviceIds);
        Assert.Equal(new WatchHead(1, 1, 2, 2), await fixture.Cluster.Client.GetGrain<IWatchHeadGrain>(tenantId).ReadAsync());
        var after = new GrainState<ConnectorGrainState>(new ConnectorGrainState());
        await storage.ReadStateAsync("connector", connector.GetGrainId(), after);
        Assert.False(after.RecordExists);
    }
}
