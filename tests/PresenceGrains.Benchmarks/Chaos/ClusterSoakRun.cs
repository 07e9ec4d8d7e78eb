using System.Diagnostics;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Reporting;
using PresenceGrains.Benchmarks.Soak;
using PresenceGrains.Emulator;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>One read of the cluster during the soak, and what was going on.</summary>
internal sealed record SoakReading(double Minute, bool Answered, int Agents, int Wrong, int FalseOffline, int FalseRoutable, bool Connected, string Fault);

/// <summary>A silo the soak took away or brought back.</summary>
internal sealed record SiloEvent(double Minute, string What);

/// <summary>
/// The accuracy soak on a running <see cref="LocalCluster"/>: every emulator fault in turn (one a minute), a silo killed
/// with <c>kill -9</c> every <see cref="KillEvery"/> and started again <see cref="DownFor"/> later, while a running host
/// is read every <see cref="ReadEvery"/> against the emulator's truth.
/// </summary>
internal sealed class ClusterSoakRun(LocalCluster cluster, IReadOnlyList<HttpClient> clients)
{
    public static readonly TimeSpan KillEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DownFor = TimeSpan.FromSeconds(45);
    public static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FaultEvery = TimeSpan.FromMinutes(1);

    /// <summary>The faults in turn; the instant ones (a drop, an expiry) happen once at the start of their minute.</summary>
    private static readonly string[] Faults =
    [
        FaultNames.Reorder, FaultNames.Duplicate, FaultNames.Delay, FaultNames.DropSocket, FaultNames.StopHeartbeats,
        FaultNames.ExpireTokens, FaultNames.RefuseReconnects, FaultNames.MalformedFrames, FaultNames.OversizedFrames,
        FaultNames.ChangesWhileDisconnected, FaultNames.LoseDeltas, FaultNames.UndeclaredProperties,
    ];

    private static readonly HashSet<string> Instant = [FaultNames.DropSocket, FaultNames.ExpireTokens];

    /// <summary>Settings for the faults whose defaults do nothing (as the one-process soak sets them).</summary>
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        [FaultNames.MalformedFrames] = """{"probability":0.05}""",
        [FaultNames.OversizedFrames] = """{"probability":0.01,"sizeBytes":262144}""",
        [FaultNames.LoseDeltas] = """{"probability":0.2}""",
    };

    public List<SoakReading> Readings { get; } = [];

    public List<SiloEvent> Events { get; } = [];

    /// <summary>Each fault's turn, in time, for scoring the router's timeline against the truth.</summary>
    public List<SoakWindow> Windows { get; } = [];

    /// <summary>Hosts found exited without the soak having killed them.</summary>
    public int Crashes { get; private set; }

    public async Task RunAsync(TimeSpan length)
    {
        var clock = Stopwatch.StartNew();
        var nextFault = TimeSpan.Zero;
        var nextKill = KillEvery / 2;
        var faultIndex = -1;
        var fault = "none";
        (int Host, TimeSpan Back)? down = null;
        var victim = 0;
        while (clock.Elapsed < length)
        {
            var now = clock.Elapsed;
            if (now >= nextFault)
            {
                if (faultIndex >= 0 && !Instant.Contains(Faults[faultIndex]))
                {
                    await cluster.Emulator.DeleteAsync($"emulator/faults/{Faults[faultIndex]}");
                }

                faultIndex = (faultIndex + 1) % Faults.Length;
                fault = Faults[faultIndex];
                using var body = Settings.TryGetValue(fault, out var json) ? new StringContent(json, System.Text.Encoding.UTF8, "application/json") : null;
                using var answer = await cluster.Emulator.PostAsync($"emulator/faults/{fault}", body);
                if (!answer.IsSuccessStatusCode)
                {
                    // Reported, not fatal: the soak goes on without that fault rather than losing its minutes so far.
                    Progress.Say($"chaos-soak: the emulator refused fault {fault}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                    fault += " (refused by the emulator)";
                }

                // One instant closes a window and opens the next, so no reading falls between two windows.
                var boundary = DateTimeOffset.UtcNow;
                CloseWindow(boundary);
                Windows.Add(new SoakWindow(fault, boundary, DateTimeOffset.MaxValue));
                Progress.Say($"chaos-soak: minute {now.TotalMinutes:0.0}: fault {fault}");
                nextFault += FaultEvery;
            }

            if (down is null && now >= nextKill)
            {
                victim = victim % cluster.Hosts.Count + 1;
                cluster.Kill(victim);
                Events.Add(new SiloEvent(now.TotalMinutes, $"kill -9 host {victim}"));
                Windows[^1] = Windows[^1] with { Name = $"{Windows[^1].Name}, kill -9 host {victim}" };
                Progress.Say($"chaos-soak: minute {now.TotalMinutes:0.0}: kill -9 host {victim}");
                down = (victim, now + DownFor);
                nextKill += KillEvery;
            }
            else if (down is { } d && now >= d.Back)
            {
                await cluster.WaitExitedAsync(d.Host, TimeSpan.FromSeconds(30));
                await cluster.StartHostAsync(d.Host);
                Events.Add(new SiloEvent(clock.Elapsed.TotalMinutes, $"host {d.Host} started again"));
                Progress.Say($"chaos-soak: minute {clock.Elapsed.TotalMinutes:0.0}: host {d.Host} started again");
                down = null;
            }

            var running = Enumerable.Range(1, cluster.Hosts.Count).Where(h => h != down?.Host).ToList();
            Crashes += running.Count(h => !cluster.IsRunning(h));
            var reader = running.FirstOrDefault(cluster.IsRunning);
            if (reader > 0)
            {
                var sample = await ClusterSample.TakeAsync(cluster, clients[reader - 1]);
                Readings.Add(new SoakReading(
                    clock.Elapsed.TotalMinutes, sample.Answered, sample.Agents, sample.Wrong, sample.FalseOffline, sample.FalseRoutable,
                    sample.Channel is { Connection: ChannelConnection.Connected }, fault));
            }

            await Task.Delay(ReadEvery);
        }

        if (faultIndex >= 0 && !Instant.Contains(Faults[faultIndex]))
        {
            await cluster.Emulator.DeleteAsync($"emulator/faults/{Faults[faultIndex]}");
        }

        if (down is { } last)
        {
            await cluster.WaitExitedAsync(last.Host, TimeSpan.FromSeconds(30));
            await cluster.StartHostAsync(last.Host);
            Events.Add(new SiloEvent(clock.Elapsed.TotalMinutes, $"host {last.Host} started again"));
        }

        CloseWindow(DateTimeOffset.UtcNow);
    }

    private void CloseWindow(DateTimeOffset at)
    {
        if (Windows.Count > 0 && Windows[^1].To == DateTimeOffset.MaxValue)
        {
            Windows[^1] = Windows[^1] with { To = at };
        }
    }
}
