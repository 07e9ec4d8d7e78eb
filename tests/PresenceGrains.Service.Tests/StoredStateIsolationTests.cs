using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests;

/// <summary>
/// The host's grain storage serializer replaces what a new state object already holds instead of filling it in, so a
/// default shared between instances can never carry one grain's stored values into another grain: neither the Orleans
/// serializer it writes with nor the JSON fallback it reads older state with.
/// </summary>
public sealed class StoredStateIsolationTests
{
    [Fact]
    public async Task Reading_stored_state_never_fills_in_a_shared_default()
    {
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string?> { ["Presence:Embedded:AgentCount"] = "1" });
        var serializer = host.Services.GetRequiredService<IGrainStorageSerializer>();

        var read = serializer.Deserialize<StateWithSharedDefault>(serializer.Serialize(new StateWithSharedDefault { Items = ["from-storage"] }));

        Assert.Equal(["from-storage"], read!.Items);
        Assert.Empty(StateWithSharedDefault.Shared);

        // State an earlier version wrote as JSON is read by the fallback, which replaces objects too.
        var legacy = new JsonGrainStorageSerializer(host.Services.GetRequiredService<Orleans.Serialization.OrleansJsonSerializer>());
        var old = serializer.Deserialize<StateWithSharedDefault>(legacy.Serialize(new StateWithSharedDefault { Items = ["from-json"] }));
        Assert.Equal(["from-json"], old!.Items);
        Assert.Empty(StateWithSharedDefault.Shared);
    }

    [GenerateSerializer]
    public sealed class StateWithSharedDefault
    {
        public static readonly List<string> Shared = [];

        [Id(0)] public List<string> Items { get; set; } = Shared;
    }
}
