using System.Net.Http.Json;
using PresenceGrains.Abstractions;
using PresenceGrains.Benchmarks.Service;
using PresenceGrains.Emulator;
using PresenceGrains.Host.Api;
using PresenceGrains.Service.Tests.Support;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>
/// One read of every agent from one host, judged against the truth read just after: how many are Fresh, Stale or
/// Reconnecting, and, of those whose truth has not changed from the delivery grace before the read to its end, how many are wrong, shown Offline
/// while not offline, or routable while the truth is not Available.
/// </summary>
internal sealed record ClusterSample(bool Answered, ChannelHealth? Channel, int Agents, int Fresh, int Stale, int Reconnecting, int Wrong, int FalseOffline, int FalseRoutable)
{
    /// <summary>
    /// Agents shown Offline, and not Fresh, whose truth signed in after the channel was lost: no channel was up to hear it,
    /// and the agent says so (Stale or Reconnecting). Not in <see cref="FalseOffline"/>, which counts what the service had
    /// been told, or is shown Fresh, and still shows Offline.
    /// </summary>
    public int UnheardSignIns { get; init; }

    /// <summary>The first few wrong agents: what the list showed and what the truth was.</summary>
    public IReadOnlyList<WrongAgent> Examples { get; init; } = [];

    /// <summary>The first few agents shown routable while the truth was not Available.</summary>
    public IReadOnlyList<WrongAgent> FalseRoutableExamples { get; init; } = [];

    /// <summary>The first few agents shown Offline while the truth was not.</summary>
    public IReadOnlyList<WrongAgent> FalseOfflineExamples { get; init; } = [];

    /// <summary>A change younger than this may still be on its way (design: published within a second).</summary>
    public static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(1);

    public static ClusterSample Unanswered { get; } = new(false, null, 0, 0, 0, 0, 0, 0, 0);

    public static async Task<ClusterSample> TakeAsync(LocalCluster cluster, HttpClient host, DateTimeOffset? channelLostAt = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            // The truth before and after the read: an agent whose truth changed within the grace before the read, or during
            // it, is not judged (a read of thousands of agents takes a while on a loaded machine).
            var settledBefore = DateTimeOffset.UtcNow - DeliveryGrace;
            var channel = await LocalCluster.ChannelAsync(host);
            var agents = await LocalCluster.AgentsAsync(host);
            var truth = (await cluster.TruthAsync()).ToDictionary(t => t.AgentId);
            int wrong = 0, falseOffline = 0, falseRoutable = 0, unheard = 0;
            var examples = new List<WrongAgent>();
            var falseRoutableExamples = new List<WrongAgent>();
            var falseOfflineExamples = new List<WrongAgent>();
            foreach (var agent in agents)
            {
                if (!truth.TryGetValue(agent.AgentId, out var true_) || LastChange(true_) > settledBefore)
                {
                    continue;
                }

                var expected = DesignComposite.Of(true_);
                wrong += Note(agent.State != expected, examples);
                var isFalseOffline = agent.State == AgentState.Offline && expected != AgentState.Offline;
                if (isFalseOffline && agent.Freshness != Freshness.Fresh && LastChange(true_) > channelLostAt)
                {
                    unheard++;
                    isFalseOffline = false;
                }

                falseOffline += Note(isFalseOffline, falseOfflineExamples);
                falseRoutable += Note(agent.Routable && expected != AgentState.Available, falseRoutableExamples);

                // 1 when the agent is wrong that way, kept among the first few examples of it.
                int Note(bool hit, List<WrongAgent> kept)
                {
                    if (hit && kept.Count < WrongAgent.Kept)
                    {
                        kept.Add(new WrongAgent(agent, expected, LastChange(true_)));
                    }

                    return hit ? 1 : 0;
                }
            }

            return new ClusterSample(true, channel, agents.Count,
                agents.Count(a => a.Freshness == Freshness.Fresh), agents.Count(a => a.Freshness == Freshness.Stale),
                agents.Count(a => a.Freshness == Freshness.Reconnecting), wrong, falseOffline, falseRoutable)
            { Examples = examples, FalseRoutableExamples = falseRoutableExamples, FalseOfflineExamples = falseOfflineExamples, UnheardSignIns = unheard };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The host's answer needed a grain on the silo being declared dead.
            return Unanswered;
        }
    }

    /// <summary>
    /// Reads each example again from the agent grain itself (<c>GET /agents/{id}</c>), beside what the tenant list showed:
    /// a list behind its agents and an agent that drifted from the platform need different fixes.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(HttpClient host, IReadOnlyList<WrongAgent> examples)
    {
        var lines = new List<string>();
        foreach (var example in examples)
        {
            string own;
            try
            {
                var agent = await host.GetFromJsonAsync<AgentPresence>($"/api/tenants/{TenantOptions.DemoTenantId}/agents/{example.Listed.AgentId}", ApiJson.Options);
                own = agent is null ? "no answer" : $"{agent.State} ({agent.Freshness}, sequence {agent.Sequence})";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                own = $"no answer ({ex.GetType().Name})";
            }

            lines.Add($"{example.Listed.AgentId}: listed {example.Listed.State} ({example.Listed.Freshness}, sequence {example.Listed.Sequence}), " +
                $"its grain {own}, truth {example.Expected} since {example.TruthSince:HH:mm:ss.fff}");
        }

        return lines;
    }

    private static DateTimeOffset LastChange(AgentTruth truth) => truth.Devices.Select(d => d.LastUpdated).Append(truth.UserLastUpdated).Max();
}

/// <summary>An agent a read found wrong: as the tenant list showed it, and the truth it should have shown.</summary>
internal sealed record WrongAgent(AgentPresence Listed, AgentState Expected, DateTimeOffset TruthSince)
{
    public const int Kept = 5;
}
