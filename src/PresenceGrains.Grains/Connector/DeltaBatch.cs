using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Deltas gathered between two control events, grouped by agent, user level and devices together. One call per agent per
/// batch, all in parallel, keeps each source's order (an agent receives its deltas in arrival order, in one call) while
/// many agents work at once: one grain hop per delta.
/// </summary>
internal sealed class DeltaBatch
{
    private readonly Dictionary<string, List<SignalInput>> _byAgent = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(DeltaReceived received)
    {
        var delta = received.Delta;
        var input = new SignalInput(
            delta.DeviceId, delta.Signal.ToContract(), delta.LastUpdated, received.PlatformComposite?.ToContract(), received.ReceivedAt,
            TraceParent.Format(received.Trace));
        if (!_byAgent.TryGetValue(delta.AgentId, out var list))
        {
            _byAgent[delta.AgentId] = list = [];
        }

        list.Add(input);
        Count++;
    }

    /// <summary>
    /// Sends everything gathered and waits until every agent has taken its part or failed to, or until the wait
    /// <see cref="Stragglers.WaitFor"/> gives once most have (a lone call: <see cref="Stragglers.WaitForOne"/>; at most
    /// <see cref="Stragglers.Bound"/>): returns the agents whose call failed, with the first failure (one agent's timeout
    /// must not stop the others, or the channel), and the latest publication of each agent that took its part. Calls
    /// still outstanding go to <paramref name="stragglers"/>; an agent that already has one there is not called (its
    /// deltas wait for its re-read).
    /// </summary>
    public async Task<(IReadOnlyList<string> Agents, Exception? Error, IReadOnlyList<AgentPresence> Published)> DispatchAsync(
        string tenantId, Func<string, IAgentInbox> agentOf, Stragglers stragglers, TimeProvider time)
    {
        if (Count == 0)
        {
            return ([], null, []);
        }

        var calls = new List<(string AgentId, Task<AgentPresence> Call)>(_byAgent.Count);
        foreach (var (agentId, inputs) in _byAgent)
        {
            if (!stragglers.Holds(agentId))
            {
                calls.Add((agentId, DispatchTrace.CallAsync(tenantId, inputs, agentOf(agentId), static (a, i) => a.ApplyAsync(i))));
            }
        }

        _byAgent.Clear();
        Count = 0;
        if (calls.Count == 0)
        {
            return ([], null, []);
        }

        var started = time.GetUtcNow();
        var tasks = calls.ConvertAll(c => (Task)c.Call);
        var all = Task.WhenAll(tasks);
        try
        {
            // A lone call has no others to be judged against: recent batches judge it.
            var most = new BatchCompletion(tasks, time);
            await most.Most.WaitAsync(tasks.Count == 1 ? stragglers.WaitForOne : Stragglers.Bound, time);
            var took = most.MostEndedAt - started;
            stragglers.Took(took);
            var left = started + Stragglers.WaitFor(took) - time.GetUtcNow();
            await all.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
            return ([], null, Published(calls));
        }
        catch (Exception)
        {
            // Whatever ends later is observed by the stragglers, not by this combined task.
            all.Ignore();
            stragglers.Track([.. calls.Where(c => !c.Call.IsCompleted)]);
            var failed = calls.Where(c => c.Call.IsCompleted && !c.Call.IsCompletedSuccessfully).ToList();
            return failed.Count == 0
                ? ([], null, Published(calls))
                : ([.. failed.Select(c => c.AgentId)], failed[0].Call.Exception?.InnerException ?? new TaskCanceledException(failed[0].Call), Published(calls));
        }
    }

    private static List<AgentPresence> Published(List<(string AgentId, Task<AgentPresence> Call)> calls) =>
        [.. calls.Where(c => c.Call.IsCompletedSuccessfully && c.Call.Result.Sequence > 0).Select(c => c.Call.Result)];
}
