using System.Text.Json;
using PresenceGrains.Emulator.Tests.Support;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Tests;

/// <summary>
/// The Genesys projection carries the truth: after a stretch of the simulated day, every agent read back from the
/// expanded users and mapped by the contract's table (written here apart from the emulator) shows what the truth says.
/// </summary>
public sealed class GenesysProjectionTests
{
    [Fact]
    public async Task Every_agent_read_as_a_genesys_user_maps_back_to_its_true_composite_and_reachability()
    {
        await using var server = await GenesysTestClient.StartAsync(o => o.Simulation.TimeScale = 0.03, agents: 60);
        using var client = await GenesysTestClient.LoginAsync(server);
        server.Centre.StartSimulation();
        await Timeouts.WaitForAsync(() => server.DeltaLog.Count > 1500, "a stretch of the simulated day", TimeSpan.FromSeconds(30));
        server.Centre.StopSimulation();

        var truths = server.Centre.Truth();
        var users = new Dictionary<string, JsonElement>();
        foreach (var chunk in truths.Select(t => t.AgentId).Chunk(100))
        {
            using var response = await client.SendAsync(HttpMethod.Get, $"api/v2/users?id={string.Join(',', chunk)}&pageSize=100&expand=presence,routingStatus,conversationSummary,station");
            foreach (var user in (await GenesysTestClient.ReadValidAsync(response, GenesysSchemaKind.UserListing)).GetProperty("entities").EnumerateArray())
            {
                users[user.GetProperty("id").GetString()!] = user;
            }
        }

        var seen = new HashSet<string>();
        foreach (var truth in truths)
        {
            var expected = Expected(truth);
            var shown = Mapped(users[truth.AgentId]);
            seen.Add(expected.Level);
            Assert.True(expected == shown, $"{truth.AgentId}: truth {expected}, Genesys {shown}\n{users[truth.AgentId]}");
        }

        Assert.True(seen.Count >= 3, $"the day reached only {string.Join(", ", seen)}");
    }

    /// <summary>Design §2 on the truth: the user level raised by device engagement; reachable when a device is not offline.</summary>
    private static (string Level, bool Reachable) Expected(AgentTruth truth)
    {
        static int Rank(string state) => state switch
        {
            "onCall" or "inUse" or "ringing" => 4,
            "wrapUp" => 3,
            "notReady" => 2,
            "available" or "online" => 1,
            _ => 0,
        };
        var engaged = truth.Devices.Select(d => Rank(d.State)).Where(r => r >= 2).DefaultIfEmpty(0).Max();
        var level = Math.Max(Rank(truth.UserState), engaged);
        return (Names[level], truth.Devices.Any(d => d.State != "offline"));
    }

    /// <summary>The contract's table: presence gives the base, routing status and conversations raise it, the station is reachability.</summary>
    private static (string Level, bool Reachable) Mapped(JsonElement user)
    {
        var presence = user.GetProperty("presence").GetProperty("presenceDefinition").GetProperty("systemPresence").GetString();
        var routing = user.GetProperty("routingStatus").GetProperty("status").GetString();
        var call = user.GetProperty("conversationSummary").GetProperty("call").GetProperty("contactCenter");
        var level = presence switch { "On Queue" => 1, "Offline" => 0, _ => 2 };
        level = Math.Max(level, routing switch { "INTERACTING" => 3, "COMMUNICATING" => 4, "NOT_RESPONDING" => 2, _ => 0 });
        level = Math.Max(level, call.GetProperty("active").GetInt32() > 0 ? 4 : call.GetProperty("acw").GetInt32() > 0 ? 3 : 0);
        var station = user.GetProperty("station");
        return (Names[level], station.TryGetProperty("associatedStation", out var associated) && associated.ValueKind == JsonValueKind.Object);
    }

    private static readonly string[] Names = ["offline", "available", "notReady", "wrapUp", "onCall"];
}
