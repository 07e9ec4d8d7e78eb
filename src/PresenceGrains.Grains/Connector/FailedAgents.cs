using Microsoft.Extensions.Logging;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Agents a call from the connector failed for (a 30 s timeout, an activation that failed on a storage read): they are
/// read again from REST a moment later, beside the event loop. A failed call used to end the loop, and with it every
/// agent's channel until the keep-alive reminder started it again a minute later; the deltas of the failed agent were
/// lost. REST is the truth, so a re-read repairs what the failed call carried, whatever it was. Lives on the connector
/// grain's scheduler. The tenant directory hears of them too, so that its list stops showing them routable meanwhile.
/// </summary>
internal sealed class FailedAgents(string tenantId, DirectoryNotices directory, ILogger logger)
{
    /// <summary>The wait before a re-read: long enough for a storage hiccup or a silo's death to pass.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);
    private Action? _schedule;
    private bool _scheduled;

    /// <summary>Says how to schedule the re-read (once the repairs exist).</summary>
    public void ScheduleWith(Action schedule) => _schedule = schedule;

    /// <summary>
    /// Notes agents whose call failed (or, with no error, whose deltas waited behind a call past
    /// <see cref="Stragglers.Bound"/>), logs it once for the lot, and schedules their re-read.
    /// </summary>
    public void Add(IReadOnlyCollection<string> agentIds, Exception? error)
    {
        if (agentIds.Count == 0)
        {
            return;
        }

        _agents.UnionWith(agentIds);
        if (error is null)
        {
            ConnectorLog.DeltasHeldBehindSlowCall(logger, tenantId, agentIds.Count, _agents.Count);
        }
        else
        {
            ConnectorLog.AgentCallsFailed(logger, error, tenantId, agentIds.Count, _agents.Count);
        }

        MarkUnreachable(agentIds);
        if (!_scheduled && _schedule is { } schedule)
        {
            _scheduled = true;
            schedule();
        }
    }

    /// <summary>
    /// Tells the tenant directory, one-way, to list these agents as unreachable: until a re-read reaches them, what they
    /// last published may be what a lost silo heard, or predate what an outstanding call carries, not the truth.
    /// </summary>
    public void MarkUnreachable(IReadOnlyCollection<string> agentIds) => directory.Unreachable(agentIds);

    /// <summary>
    /// Hands the tenant directory, one-way, the answers of agents not waiting for their re-read: a later call's answer
    /// lacks what the failed call carried, and must not tell the directory the agent is reachable and current again.
    /// </summary>
    public void Answered(IReadOnlyList<AgentPresence> answers) =>
        directory.Published(_agents.Count == 0 ? answers : [.. answers.Where(a => !_agents.Contains(a.AgentId))]);

    /// <summary>The agents to re-read now; failures from here on schedule another re-read.</summary>
    public IReadOnlyList<string> Take()
    {
        _scheduled = false;
        var agents = _agents.ToList();
        _agents.Clear();
        return agents;
    }
}
