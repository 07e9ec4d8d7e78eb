using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceGrains.Abstractions;
using PresenceGrains.Client;
using PresenceGrains.Service.Tests.Support;
using Xunit.Abstractions;

namespace PresenceGrains.Service.Tests;

/// <summary>
/// A routing integration as it runs in production: the host in one process, and in others this test's
/// <see cref="IPresenceClient"/> and the sample router, both reaching the cluster through its gateway.
/// </summary>
public sealed class ClientAcrossProcessesTests(ITestOutputHelper output)
{
    private const string Tenant = "demo";

    /// <summary>
    /// The raise p99 the ingest benchmark reports for the memory default at 10,000 agents paced
    /// (docs/benchmarks/README.md): the feed's median raise across processes must arrive within it.
    /// </summary>
    private static readonly TimeSpan ReportedRaiseP99 = TimeSpan.FromMilliseconds(180);

    /// <summary>How long an agent's truth must have held to be judged: the 500 ms hold windows and delivery.</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_client_in_another_process_agrees_with_the_truth_follows_raises_and_resumes_after_the_host_restarts()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var host = new HostProcess(agents: 12, timeScale: 0.2);
        await host.StartAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: host ready");
        await using var router = ChildProcess.Start(
            "PresenceGrains.SampleRouter", host.ClientSettings.Select(s => $"--{s.Key}={s.Value}").Append("--Router:DecisionPeriod=00:00:00.5"));
        var client = await PresenceClientHost.StartAsync(host.ClientSettings);
        try
        {
            var presence = client.Services.GetRequiredService<IPresenceClient>();
            await using var feed = new FeedRecorder(presence, Tenant);

            await Assert.ThrowsAsync<PresenceAgentNotFoundException>(() => presence.IsRoutableAsync(Tenant, "nobody"));
            await Assert.ThrowsAsync<PresenceTenantNotFoundException>(() => presence.ListRoutableAsync("no-such-tenant"));

            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: client connected");
            await IsRoutableAgreesWithTheTruthAsync(host, presence);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: truth judged");

            var raises = (await Wait.UntilAsync(() => Task.FromResult(feed.RaiseLatencies()), r => r.Count >= 5, what: "five raises on the feed"))
                .Order().ToList();
            output.WriteLine($"raises on the feed: {raises.Count}, median {Median(raises).TotalMilliseconds:F0} ms, max {raises.LastOrDefault().TotalMilliseconds:F0} ms");
            Assert.True(Median(raises) <= ReportedRaiseP99, $"median raise {Median(raises).TotalMilliseconds:F0} ms over {ReportedRaiseP99.TotalMilliseconds} ms");

            var decided = await router.WaitForLineAsync(l => l.Contains(" -> agent-", StringComparison.Ordinal), "the router's first routed call");
            output.WriteLine("router: " + decided);

            // The gateway goes away with the host process, and comes back on the same port.
            var routerMark = router.Lines.Count;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: router routed");
            await host.StopAsync();
            var unreachable = await Wait.UntilAsync(() => FailureOfAsync(presence), e => e is PresenceClusterUnreachableException, what: "the cluster reported unreachable");
            Assert.Contains($"127.0.0.1:{host.GatewayPort}", ((PresenceClusterUnreachableException)unreachable!).Tried, StringComparison.Ordinal);
            var feedMark = feed.Seen.Count;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: unreachable reported");
            await host.StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: host ready again");

            var resubscribed = await feed.WaitForAsync(c => c.Kind == PresenceChangeKind.Resubscribed, "the feed resubscribed", feedMark);
            await feed.WaitForAsync(c => c.Kind == PresenceChangeKind.Changed, "a change after the restart", resubscribed + 1);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: feed resumed");
            await Wait.UntilAsync(() => FailureOfAsync(presence), e => e is null, what: "IsRoutableAsync answering again");
            var again = await router.WaitForLineAsync(l => l.Contains("feed resubscribed", StringComparison.Ordinal), "the router resubscribed", routerMark);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: router: " + again);
            await router.WaitForLineAsync(
                l => l.Contains(" -> agent-", StringComparison.Ordinal), "a routed call after the restart", router.Lines.ToList().IndexOf(again) + 1);
        }
        catch
        {
            output.WriteLine("host:\n" + host.Output + "\nrouter:\n" + router.Tail());
            throw;
        }
        finally
        {
            await client.StopAsync();
            client.Dispose();
        }
    }

    /// <summary>Rounds of reads of every agent until enough of them were settled, with routable ones among them.</summary>
    private async Task IsRoutableAgreesWithTheTruthAsync(HostProcess host, IPresenceClient presence)
    {
        var judged = 0;
        var routable = 0;
        var violations = new List<string>();
        var end = DateTime.UtcNow.AddSeconds(30);
        while ((judged < 24 || routable == 0) && DateTime.UtcNow < end)
        {
            var truths = await host.TruthAsync();
            var readStart = DateTimeOffset.UtcNow;
            var shown = await Task.WhenAll(truths.Select(t => presence.IsRoutableAsync(Tenant, t.AgentId)));
            var after = (await host.TruthAsync()).ToDictionary(t => t.AgentId);
            for (var i = 0; i < truths.Count; i++)
            {
                var truth = truths[i];
                var lastChange = ExpectedComposite.LastChange(truth);
                if (ExpectedComposite.LastChange(after[truth.AgentId]) != lastChange || readStart - lastChange < Settled)
                {
                    continue;
                }

                var expected = ExpectedComposite.Of(truth) == AgentState.Available && truth.Devices.Any(d => d.State != "offline");
                judged++;
                routable += expected ? 1 : 0;
                if (shown[i] != expected)
                {
                    violations.Add($"{truth.AgentId}: IsRoutableAsync {shown[i]}, truth {ExpectedComposite.Of(truth)} (user {truth.UserState}; "
                        + string.Join(", ", truth.Devices.Select(d => $"{d.DeviceId}={d.State}")) + $"), settled {(readStart - lastChange).TotalSeconds:F1} s");
                }
            }

            await Task.Delay(200);
        }

        output.WriteLine($"settled agents judged: {judged}, routable among them: {routable}");
        Assert.True(judged >= 24 && routable > 0, $"too few settled agents to judge: {judged}, {routable} routable");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private static async Task<Exception?> FailureOfAsync(IPresenceClient presence)
    {
        try
        {
            await presence.IsRoutableAsync(Tenant, "agent-0001");
            return null;
        }
        catch (Exception ex) when (ex is PresenceException or TimeoutException)
        {
            return ex;
        }
    }

    private static TimeSpan Median(IReadOnlyList<TimeSpan> sorted) => sorted.Count == 0 ? TimeSpan.MaxValue : sorted[sorted.Count / 2];
}
