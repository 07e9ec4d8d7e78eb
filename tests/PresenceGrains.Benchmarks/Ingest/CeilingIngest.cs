using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;
using PresenceGrains.Platform;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Benchmarks.Ingest;

/// <summary>
/// The ceiling: the same script from the same kind of emulator over the same kind of socket, read by the same
/// platform client (<see cref="SeedProtocolPlatform"/>: frame reading, JSON Schema validation, the event buffer) and
/// resolved by the Domain alone in this process — no Orleans. What the service could do if grains cost nothing.
/// </summary>
internal static class CeilingIngest
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    public static async Task<SaturatedFigures> RunAsync(int agentCount, int cycles)
    {
        await using var emulator = await IngestPlatform.StartAsync(agentCount);
        var truths = emulator.Centre.Truth();
        var agents = new AgentDirectory(emulator.Centre.Agents);
        using var http = new HttpClient();
        await using var platform = new SeedProtocolPlatform(
            new PlatformOptions
            {
                BaseUrl = emulator.BaseUrl,
                TenantId = TenantOptions.DemoTenantId,
                ClientId = TenantOptions.DemoClientId,
                ClientSecret = TenantOptions.DemoClientSecret,
            },
            http);
        var resolver = new DomainResolver(agents);
        using var stop = new CancellationTokenSource();
        var subscription = new WatchSubscription([.. agents.Agents.Select(a => a.AgentId)], [.. agents.Agents.SelectMany(a => a.DeviceIds)]);
        var consuming = resolver.ConsumeAsync(platform.RunAsync(subscription, stop.Token), stop.Token);
        string Where() =>
            $"resolved {resolver.Deltas:N0} of {emulator.DeltaLog.Count:N0} emitted; client {platform.Status.State}, read {platform.Status.Counters.Deltas:N0}, shed {platform.Status.Counters.Shed:N0}";
        await UntilAsync(() => platform.Status.State == ChannelState.Connected, "the ceiling's channel to connect", Where);

        await emulator.Centre.PlayAsync(CallCycleScript.Login(truths));
        await UntilAsync(() => resolver.Deltas == emulator.DeltaLog.Count, "the ceiling to resolve the sign-in", Where);

        var script = CallCycleScript.Cycles(truths, cycles);
        script.Add(ScriptedChange.User(agents.Agents[^1].AgentId, PresenceStates.NotReady));
        Progress.Say($"ceiling, {agentCount:N0} agents: the same {script.Count:N0} changes, resolved by the Domain without Orleans");
        var levels = resolver.Levels();
        var from = resolver.Published;
        var logFrom = emulator.DeltaLog.Count;
        var reconnects = platform.Status.Reconnects;
        var started = DateTimeOffset.UtcNow;
        await emulator.Centre.PlayAsync(script);
        var deltas = emulator.DeltaLog.Count - logFrom;
        await UntilAsync(() => resolver.Deltas == logFrom + deltas, $"the ceiling to resolve the script ({deltas:N0} deltas)", Where);
        var seconds = (resolver.LastResolvedAt - started).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(1));

        await stop.CancelAsync();
        await consuming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new SaturatedFigures(deltas, seconds, DirectionalLatency.Of(resolver.PublishedFrom(from), levels), platform.Status.Reconnects - reconnects);
    }

    /// <summary>Waits for a condition; gives up when <paramref name="where"/> (the progress) stops changing for a while.</summary>
    private static async Task UntilAsync(Func<bool> condition, string what, Func<string> where)
    {
        var progress = where();
        var movedAt = DateTime.UtcNow;
        while (!condition())
        {
            if (where() is var now && now != progress)
            {
                (progress, movedAt) = (now, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - movedAt > Stall)
            {
                throw new TimeoutException($"Gave up waiting for {what}: no progress for {Stall.TotalSeconds:0} s; {progress}.");
            }

            await Task.Delay(5);
        }
    }
}
