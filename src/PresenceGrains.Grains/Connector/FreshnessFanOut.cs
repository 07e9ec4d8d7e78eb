using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Tells every watched agent of the channel's freshness, once per channel change (design §3): a bounded number of calls
/// in flight, so a 100,000-agent tenant does not put 100,000 messages on the silo at once.
/// </summary>
internal sealed class FreshnessFanOut(AgentInboxes agents, FailedAgents failed)
{
    public const int Parallelism = 512;

    /// <summary>Tells every agent; one that cannot be told is read again later (<see cref="FailedAgents"/>), the rest go on.</summary>
    public async Task BroadcastAsync(IEnumerable<string> agentIds, Freshness freshness)
    {
        foreach (var chunk in agentIds.Chunk(Parallelism))
        {
            var calls = chunk.Select(id => (Id: id, Call: agents.Of(id).SetFreshnessAsync(freshness))).ToList();
            try
            {
                await Task.WhenAll(calls.Select(c => c.Call));
            }
            catch (Exception ex)
            {
                failed.Add([.. calls.Where(c => !c.Call.IsCompletedSuccessfully).Select(c => c.Id)], ex);
            }
        }
    }
}
