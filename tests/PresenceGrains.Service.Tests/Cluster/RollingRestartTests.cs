using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Api;
using PresenceGrains.Service.Tests.Support;
using Xunit.Abstractions;

namespace PresenceGrains.Service.Tests.Cluster;

/// <summary>
/// Two host processes on Azure Table membership and reminders (tools/cluster.sh), decay periods lowered: every silo is
/// restarted in turn while decay reminders are pending, and those reminders, written before any silo went, still fire
/// on the silos that replaced them all.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const string Tenant = "demo";

    // Each TTL must outlast the rolling restart (two graceful stops and starts: 13.7 s on this machine, begun about 3 s
    // after the device was heard), so that the decay is the new silos' doing.
    private static readonly TimeSpan DeviceTtl = TimeSpan.FromSeconds(25);

    // A reminder fires within a period (1 s) of its due time, on a silo that may first have to read its range.
    private static readonly TimeSpan FiringSlack = TimeSpan.FromSeconds(12);

    // The lost channel's decay comes after the device's by more than the slack a late device decay is allowed, or the
    // two cannot be told apart: with 6 s between them, a CI run saw the channel's decay first.
    private static readonly TimeSpan LostChannelTtl = DeviceTtl + FiringSlack + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Decay_reminders_written_before_a_rolling_restart_fire_after_every_silo_was_replaced()
    {
        await using var cluster = await LocalCluster.StartAsync(hosts: 2, agents: 2,
            emulatorArgs: ["--Emulator:Simulation:AutoStart=false", "--Emulator:Simulation:DevicesPerAgent=2"],
            hostArgs:
            [
                $"--Presence:Rules:DeviceTtl={DeviceTtl:c}", $"--Presence:Rules:LostChannelTtl={LostChannelTtl:c}",
                "--Presence:Rules:DecayCheckPeriod=00:00:01", "--Presence:Cluster:MinimumReminderPeriod=00:00:01",
            ]);
        using var reader = await cluster.ClientAsync(1);
        await Wait.UntilAsync(() => LocalCluster.ChannelAsync(reader), h => h.Connection == ChannelConnection.Connected,
            TimeSpan.FromSeconds(60), "the channel connected");

        // One agent signed in on one device (its TTL reminder), one on a break with every device signed out (no device
        // reminder: only the lost channel can decay it).
        var agents = (await cluster.Emulator.GetFromJsonAsync<List<AgentInfo>>("emulator/agents", ApiJson.Options))!;
        var (signedIn, onBreak) = (agents[0], agents[1]);
        var device = signedIn.DeviceIds[0];
        await ScriptAsync(cluster, $"emulator/agents/{signedIn.AgentId}/state", "available");
        await ScriptAsync(cluster, $"emulator/devices/{device}/state", "online");
        await ScriptAsync(cluster, $"emulator/agents/{onBreak.AgentId}/state", "notReady");
        await Wait.UntilAsync(() => AgentAsync(reader, signedIn.AgentId), p => p.Routable && StateOf(p, device) != DeviceState.Offline,
            TimeSpan.FromSeconds(20), "the signed-in agent routable on its device");
        var heardAt = DateTimeOffset.UtcNow;
        await Wait.UntilAsync(() => AgentAsync(reader, onBreak.AgentId), p => p.State == AgentState.NotReady && p.Freshness == Freshness.Fresh,
            TimeSpan.FromSeconds(20), "the other agent on a break");

        // The channel goes and stays gone: every reconnection is refused from now on.
        (await cluster.Emulator.PostAsJsonAsync("emulator/faults/refuse-reconnects", new { retryAfterSeconds = 1 })).EnsureSuccessStatusCode();
        (await cluster.Emulator.PostAsync("emulator/faults/drop-socket", null)).EnsureSuccessStatusCode();
        var lostAt = DateTimeOffset.UtcNow;
        var reminders = new TableClient(cluster.StorageConnectionString, "OrleansReminders");
        await Wait.UntilAsync(() => RemindersAsync(reminders), r => r.Device == 1 && r.LostChannel == 2, TimeSpan.FromSeconds(20),
            "the device's TTL reminder and both agents' lost-channel reminders in the reminder table");

        var rolling = DateTimeOffset.UtcNow;
        for (var host = 1; host <= cluster.Hosts.Count; host++)
        {
            await cluster.SignalAsync(host, "TERM");
            await cluster.WaitExitedAsync(host, TimeSpan.FromSeconds(30));
            await cluster.StartHostAsync(host);
        }

        var rolled = DateTimeOffset.UtcNow;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rolling restart of {cluster.Hosts.Count} hosts: {(rolled - rolling).TotalSeconds:F1} s; device TTL due {(heardAt + DeviceTtl - rolled).TotalSeconds:F1} s after it, lost channel {(lostAt + LostChannelTtl - rolled).TotalSeconds:F1} s after it"));

        // Nothing has decayed yet: whatever decays next is done by the silos that replaced those that wrote the reminders.
        using var after = await cluster.ClientAsync(2);
        var signedInNow = await Wait.UntilAnsweredAsync(() => AgentAsync(after, signedIn.AgentId), _ => true, TimeSpan.FromSeconds(30), "a read after the restart");
        Assert.True(StateOf(signedInNow!, device) != DeviceState.Offline,
            $"the device decayed during the restart (it took {(rolled - rolling).TotalSeconds:F1} s): the TTL must outlast it");
        Assert.Equal(AgentState.NotReady, (await AgentAsync(after, onBreak.AgentId)).State);
        Assert.Equal((1, 2), await RemindersAsync(reminders));

        // The device's TTL reminder fires first: the device decays while the channel's loss has not yet decayed anyone.
        var decayedDevice = await Wait.UntilAnsweredAsync(() => AgentAsync(after, signedIn.AgentId),
            p => StateOf(p, device) == DeviceState.Offline, heardAt + DeviceTtl + FiringSlack - DateTimeOffset.UtcNow,
            "the device's TTL decay");
        Assert.Equal(ChangeCause.Decay, decayedDevice!.Cause);
        Assert.False(decayedDevice.Routable);
        var onBreakNow = await AgentAsync(after, onBreak.AgentId);
        Assert.True(onBreakNow.State == AgentState.NotReady,
            $"{onBreak.AgentId} is {onBreakNow.State} when the device decayed; the hosts logged: {DecaysLogged(cluster)}");

        // Then the lost channel's: both agents Offline by decay, and no reminder left behind.
        foreach (var agent in new[] { onBreak, signedIn })
        {
            var decayed = await Wait.UntilAnsweredAsync(() => AgentAsync(after, agent.AgentId), p => p.State == AgentState.Offline,
                lostAt + LostChannelTtl + FiringSlack - DateTimeOffset.UtcNow, $"{agent.AgentId}'s lost-channel decay");
            Assert.Equal(ChangeCause.Decay, decayed!.Cause);
            Assert.NotEqual(Freshness.Fresh, decayed.Freshness);
        }

        await Wait.UntilAsync(() => RemindersAsync(reminders), r => r == (0, 0), TimeSpan.FromSeconds(15), "every decay reminder removed");
    }

    /// <summary>What the hosts logged of decays (each says how long after the last signal it came), for a failure.</summary>
    private static string DecaysLogged(LocalCluster cluster) =>
        string.Join(" | ", System.IO.Directory.GetFiles(cluster.Directory, "host-*.log")
            .SelectMany(File.ReadLines).Where(line => line.Contains("decayed", StringComparison.Ordinal)).Select(line => line.Trim()));

    private static async Task ScriptAsync(LocalCluster cluster, string path, string state) =>
        (await cluster.Emulator.PostAsJsonAsync(path, new { state })).EnsureSuccessStatusCode();

    private static async Task<AgentPresence> AgentAsync(HttpClient client, string agentId) =>
        (await client.GetFromJsonAsync<AgentPresence>($"/api/tenants/{Tenant}/agents/{agentId}", ApiJson.Options))!;

    private static DeviceState? StateOf(AgentPresence presence, string deviceId) =>
        presence.Devices.FirstOrDefault(d => d.DeviceId == deviceId)?.State;

    /// <summary>How many device-TTL and lost-channel reminders the reminder table holds.</summary>
    private static async Task<(int Device, int LostChannel)> RemindersAsync(TableClient table)
    {
        var names = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["ReminderName"]))
        {
            names.Add(row.GetString("ReminderName") ?? "");
        }

        return (names.Count(n => n == "device-ttl-decay"), names.Count(n => n == "lost-channel-decay"));
    }
}
