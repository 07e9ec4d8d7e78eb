using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceGrains.Abstractions;
using PresenceGrains.Client;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Api;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Service.Tests.Cluster;

/// <summary>
/// Two host processes on Azure Table membership (tools/cluster.sh), one emulator: the silo holding the tenant's channel
/// is killed with <c>kill -9</c>, and the other carries on without an operator. A router in this process follows the
/// tenant's changes through it, as routers do: one read of every agent, then the feed.
/// </summary>
public sealed class SiloLossTests
{
    private const string Tenant = "demo";

    // Once the channel is back: a re-read of 12 agents is milliseconds; the bound is for a loaded machine.
    private const int TruthBoundSeconds = 15;

    // The router's feed reads the directory every 5 s after the loss, and a read that reached the dead silo is given up
    // after one period: two periods and the bound above.
    private const int RouterBoundSeconds = 30;

    [Fact]
    public async Task Killing_the_channels_silo_moves_the_channel_agents_recover_to_the_truth_and_the_feed_resumes_on_the_survivor()
    {
        await using var cluster = await LocalCluster.StartAsync(hosts: 2, agents: 12, emulatorArgs:
        [
            "--Emulator:Simulation:TimeScale=0.05", "--Emulator:Simulation:LoginSpreadSeconds=1", "--Emulator:Simulation:DevicesPerAgent=3",
        ]);
        using var first = await cluster.ClientAsync(1);
        var before = await Wait.UntilAsync(() => LocalCluster.ChannelAsync(first), h => h.Connection == ChannelConnection.Connected,
            TimeSpan.FromSeconds(60), "the channel connected");
        var victim = cluster.HostOfSilo(before.Silo!);
        var survivor = victim == 1 ? 2 : 1;
        using var onVictim = await cluster.ClientAsync(victim);
        using var onSurvivor = await cluster.ClientAsync(survivor);

        // The router finds both gateways in the membership table. Its feed reads the directory for longer than the default
        // after the loss, since this machine may take longer than a minute to bring the channel back and the agents right.
        long gatewayLosses = 0;
        using var meters = GatewayLossListener(() => Interlocked.Increment(ref gatewayLosses));
        using var router = await StartRouterAsync(cluster);
        var presence = router.Services.GetRequiredService<IPresenceClient>();
        await using var routerFeed = new FeedRecorder(presence, Tenant);
        var routerRead = await Wait.UntilAsync(() => presence.ListAsync(Tenant, AgentFilter.All), l => l.Count == 12, what: "the router's first read");

        // One feed client on each silo; the victim's must have seen events before its silo goes.
        await using var survivorFeed = await SseFeedRecorder.OpenAsync(onSurvivor, Tenant);
        var victimFeed = await SseFeedRecorder.OpenAsync(onVictim, Tenant);
        await Wait.UntilAsync(() => Task.FromResult(victimFeed.Events.Count), n => n >= 5, TimeSpan.FromSeconds(30), "events on the victim's feed");

        cluster.Kill(victim);
        await Wait.UntilAsync(() => Task.FromResult(victimFeed.Ended), e => e is not null, TimeSpan.FromSeconds(10), "the victim's feed ended");
        var seenBeforeKill = victimFeed.Events;
        await victimFeed.DisposeAsync();

        // The channel comes back on the survivor, by itself: nobody calls anything but reads.
        var after = await Wait.UntilAnsweredAsync(() => LocalCluster.ChannelAsync(onSurvivor),
            h => h.Connection == ChannelConnection.Connected && h.Silo != before.Silo, TimeSpan.FromSeconds(40), "the channel reconnected from the survivor");
        Assert.Equal(survivor, cluster.HostOfSilo(after!.Silo!));

        // With the truth held still, every agent read from the survivor is Fresh and shows it; the failure message lists
        // the agents that are not, with what they show and what the platform holds.
        (await cluster.Emulator.PostAsync("emulator/simulation/stop", null)).EnsureSuccessStatusCode();
        var truth = (await cluster.TruthAsync()).ToDictionary(t => t.AgentId);
        await Wait.UntilAnsweredAsync(
            async () => await WrongAsync(onSurvivor, truth),
            wrong => wrong.Length == 0, TimeSpan.FromSeconds(TruthBoundSeconds), "every agent Fresh and equal to the truth (the list: those not)");

        // The router shows the same from its feed alone: what the stream lost with the dead silo came from the directory.
        // A failure says whether the router's client saw its gateway go (and so read the directory) besides who is wrong.
        await Wait.UntilAsync(
            () => Task.FromResult(RouterWrong(routerRead, routerFeed.Seen, truth) is { Length: > 0 } wrong
                ? $"{wrong} (gateways lost: {Interlocked.Read(ref gatewayLosses)}, changes on the feed: {routerFeed.Seen.Count})"
                : ""),
            wrong => wrong.Length == 0,
            TimeSpan.FromSeconds(RouterBoundSeconds), "every agent Fresh and equal to the truth on the router's feed (the list: those not)");
        Assert.True(Interlocked.Read(ref gatewayLosses) >= 1, "the router's client never counted its lost gateway");

        // The client of the dead silo resumes on the survivor: exactly what it missed, in order, once.
        var lastSeen = seenBeforeKill[^1].Id!.Value;
        var liveNow = await Wait.UntilAsync(() => Task.FromResult(survivorFeed.Events), e => e.Count > 0 && e[^1].Id > lastSeen,
            TimeSpan.FromSeconds(30), "the survivor's live feed past the victim's last event");
        var upTo = liveNow[^1].Id!.Value;
        await using var resumed = await SseFeedRecorder.OpenAsync(onSurvivor, Tenant, lastSeen);
        var replay = await Wait.UntilAsync(() => Task.FromResult(resumed.Events), e => e.Count > 0 && e[^1].Id >= upTo,
            TimeSpan.FromSeconds(30), "the resumed feed up to the survivor's live one");
        Assert.Equal(Consecutive(lastSeen + 1, replay.Count), replay.Select(e => e.Id!.Value));

        // The live client on the survivor never missed one either, across the move of the history's recorder.
        var live = survivorFeed.Events;
        Assert.Equal(Consecutive(live[0].Id!.Value, live.Count), live.Select(e => e.Id!.Value));
        var liveById = live.ToDictionary(e => e.Id!.Value);
        Assert.All(replay.Where(e => liveById.ContainsKey(e.Id!.Value)), e => Assert.Equal(liveById[e.Id!.Value].Data, e.Data));
        Assert.All(seenBeforeKill.Where(e => liveById.ContainsKey(e.Id!.Value)), e => Assert.Equal(liveById[e.Id!.Value].Data, e.Data));
    }

    /// <summary>
    /// The agents the tenant list does not show Fresh on the truth (or not at all), each with what its own grain answers
    /// (a list behind its agent is a lost publication, not a lost delta); empty when every one is right.
    /// </summary>
    private static async Task<string> WrongAsync(HttpClient client, Dictionary<string, AgentTruth> truth)
    {
        var shown = (await LocalCluster.AgentsAsync(client)).ToDictionary(a => a.AgentId);
        var wrong = truth.Values
            .Select(t => (Truth: ExpectedComposite.Of(t), Shown: shown.GetValueOrDefault(t.AgentId), t.AgentId))
            .Where(x => x.Shown is not { Freshness: Freshness.Fresh } || x.Shown.State != x.Truth)
            .ToList();
        var lines = new List<string>(wrong.Count);
        foreach (var (expected, listed, agentId) in wrong)
        {
            var own = await client.GetFromJsonAsync<AgentPresence>($"/api/tenants/{Tenant}/agents/{agentId}", ApiJson.Options);
            lines.Add($"{agentId} listed {listed?.Freshness.ToString() ?? "missing"} {listed?.State} #{listed?.Sequence}, " +
                $"grain {own?.Freshness} {own?.State} #{own?.Sequence}, truth {expected}");
        }

        return string.Join("; ", lines);
    }

    /// <summary>The agents a router following the feed does not show Fresh on the truth, as "agent shown, truth"; empty when every one is right.</summary>
    private static string RouterWrong(IReadOnlyList<AgentPresence> firstRead, IReadOnlyList<PresenceChange> feed, Dictionary<string, AgentTruth> truth)
    {
        // A gap would tell a router to read again; the survivor's gateway stays, so none is expected, and none is papered over.
        Assert.DoesNotContain(feed, c => c.Kind != PresenceChangeKind.Changed);
        var shown = new Dictionary<string, AgentPresence>(StringComparer.Ordinal);
        foreach (var presence in firstRead.Concat(feed.Select(c => c.Presence!)))
        {
            if (!shown.TryGetValue(presence.AgentId, out var kept) || presence.Sequence > kept.Sequence)
            {
                shown[presence.AgentId] = presence;
            }
        }

        return string.Join("; ", truth.Values
            .Select(t => (t.AgentId, Truth: ExpectedComposite.Of(t), Shown: shown.GetValueOrDefault(t.AgentId)))
            .Where(x => x.Shown is not { Freshness: Freshness.Fresh } || x.Shown.State != x.Truth)
            .Select(x => $"{x.AgentId} shown {x.Shown?.Freshness.ToString() ?? "never"} {x.Shown?.State} #{x.Shown?.Sequence}, truth {x.Truth}"));
    }

    private static Task<IHost> StartRouterAsync(LocalCluster cluster) => PresenceClientHost.StartAsync(new Dictionary<string, string?>
    {
        ["Presence:Client:ConnectionString"] = cluster.StorageConnectionString,
        ["Presence:Client:ClusterId"] = cluster.ClusterId,
        ["Presence:Client:FeedRepairWindow"] = "00:03:00",
    });

    private static MeterListener GatewayLossListener(Action counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Meter.Name: PresenceClientMetrics.MeterName, Name: PresenceClientMetrics.FeedGatewayLosses })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => counted());
        listener.Start();
        return listener;
    }

    private static IEnumerable<long> Consecutive(long from, int count) => Enumerable.Range(0, count).Select(i => from + i);
}
