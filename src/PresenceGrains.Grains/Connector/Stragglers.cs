using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Agents whose call from the event loop outlasted the batch's wait (<see cref="WaitFor"/>, at most <see cref="Bound"/>).
/// A call already on its way to a silo that dies is not answered, and its caller waits out the 30 s response timeout;
/// the loop, waiting for its whole batch, held every other agent's deltas as long (calls made after the silo's
/// connection closed were rejected at once in `chaos`, so this is the rarer case). Past the wait the loop goes on
/// without it: the agent is listed as unreachable at once (its last publication may predate what the call carried), its
/// further deltas are not sent behind a call that may never arrive, and once the call ends, the agent is read again from
/// REST, which carries whatever those deltas did, or, when it succeeded with nothing held behind it, its answer goes to
/// the directory, which lists it reachable again. Lives on the connector grain's scheduler; at most one
/// entry per watched agent.
/// </summary>
internal sealed class Stragglers(
    Action<IReadOnlyCollection<string>> markUnreachable, Action<IReadOnlyCollection<string>, Exception?> reread, Action<AgentPresence> answered)
{
    /// <summary>
    /// Past the 1 s in which a delivery is expected to be published, and far below the 30 s a lost call waits: a call
    /// this slow is lost or stuck behind something that will not end soon.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    /// <summary>The least a batch's last calls are given once most of its calls have ended.</summary>
    public static readonly TimeSpan Least = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long, from its start, a batch waits for its last calls when most ended after <paramref name="mostTook"/>: four
    /// times that, at least <see cref="Least"/> and at most <see cref="Bound"/>. A loaded silo slows every call alike and
    /// the wait grows with it; a call far behind calls that ended at once is held by something else (in `chaos`, calls
    /// already on their way to a silo that died held every other agent's deltas for the whole bound).
    /// </summary>
    public static TimeSpan WaitFor(TimeSpan mostTook) =>
        TimeSpan.FromTicks(Math.Clamp(mostTook.Ticks * 4, Least.Ticks, Bound.Ticks));

    // Agent → whether deltas arrived for it while its call was outstanding.
    private readonly Dictionary<string, bool> _waiting = new(StringComparer.Ordinal);

    // How long most of a batch's calls took, of late (a moving average); null until a batch has ended.
    private TimeSpan? _usual;

    /// <summary>
    /// The wait for a batch of one call, which has no other calls to be judged against: <see cref="WaitFor"/> of how
    /// long recent batches' calls took (at a modest rate most batches hold one agent), the whole bound before any ended.
    /// </summary>
    public TimeSpan WaitForOne => _usual is { } usual ? WaitFor(usual) : Bound;

    /// <summary>Notes how long most of a batch's calls took.</summary>
    public void Took(TimeSpan took) =>
        _usual = _usual is { } usual ? TimeSpan.FromTicks(((usual.Ticks * 4) + took.Ticks) / 5) : took;

    public int Count => _waiting.Count;

    /// <summary>True when the agent's earlier call is still outstanding: its new deltas wait for a re-read instead.</summary>
    public bool Holds(string agentId)
    {
        if (!_waiting.ContainsKey(agentId))
        {
            return false;
        }

        _waiting[agentId] = true;
        return true;
    }

    /// <summary>Takes over calls the loop stopped waiting for.</summary>
    public void Track(IReadOnlyList<(string AgentId, Task<AgentPresence> Call)> calls)
    {
        if (calls.Count == 0)
        {
            return;
        }

        foreach (var (agentId, call) in calls)
        {
            _waiting[agentId] = false;
            _ = EndedAsync(agentId, call);
        }

        markUnreachable([.. calls.Select(c => c.AgentId)]);
    }

    // Resumes on the scheduler that tracked it (the connector grain's), so the dictionary needs no lock.
    private async Task EndedAsync(string agentId, Task<AgentPresence> call)
    {
        Exception? error = null;
        AgentPresence? presence = null;
        try
        {
            presence = await call;
        }
        catch (Exception ex)
        {
            error = ex;
        }

        _waiting.Remove(agentId, out var held);
        if (error is not null || held)
        {
            reread([agentId], error);
        }
        else if (presence is { Sequence: > 0 })
        {
            answered(presence);
        }
    }
}
