namespace PresenceGrains.Grains.Directory;

/// <summary>
/// Publications the directory was told of (by the connector, from the agents' answers) that its stream has not brought
/// yet. The tenant stream is a memory stream whose queues live in grains on some silo: a publication queued on a silo
/// that dies, or that stops before its pulling agent drained it, is gone, and so is one an agent's outbox still holds
/// while the queue's silo is unreachable. Nothing else tells the directory before the silo is declared dead (seconds),
/// and it would list the agent's earlier state meanwhile: Available while the agent took a call, in `chaos`. An awaited
/// publication the stream has not brought within <see cref="Grace"/> is read from its agent instead. The grace follows
/// how long the stream takes to bring the ones it does bring, so that a stream that is merely behind (a saturated host)
/// is not answered with a read of every agent. Not thread-safe: the directory's scheduler only.
/// </summary>
internal sealed class AwaitedPublications(TimeProvider time)
{
    /// <summary>The least wait before an awaited publication is read from its agent.</summary>
    public static readonly TimeSpan MinimumGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>The most: past it a stream that slow is as good as lost to a reader.</summary>
    public static readonly TimeSpan MaximumGrace = TimeSpan.FromSeconds(10);

    /// <summary>How many times the stream's usual delivery time an awaited publication is given.</summary>
    private const double GraceFactor = 4;

    private readonly Dictionary<string, (long Sequence, DateTimeOffset Since)> _awaited = new(StringComparer.Ordinal);

    // A moving average of how long the stream took to bring awaited publications, in milliseconds.
    private double _deliveryMs;

    /// <summary>Publications awaited.</summary>
    public int Count => _awaited.Count;

    /// <summary>How long an awaited publication is given before it is read from its agent.</summary>
    public TimeSpan Grace => TimeSpan.FromMilliseconds(Math.Clamp(GraceFactor * _deliveryMs, MinimumGrace.TotalMilliseconds, MaximumGrace.TotalMilliseconds));

    /// <summary>The agent published <paramref name="sequence"/>; the directory has <paramref name="known"/> of it (0: nothing).</summary>
    public void Expect(string agentId, long sequence, long known)
    {
        if (sequence <= known)
        {
            return;
        }

        // A newer publication of an agent already awaited keeps the older one's start: the agent has been behind since then.
        _awaited[agentId] = _awaited.TryGetValue(agentId, out var awaited)
            ? (Math.Max(sequence, awaited.Sequence), awaited.Since)
            : (sequence, time.GetUtcNow());
    }

    /// <summary>The directory now has <paramref name="sequence"/> of the agent, by stream (<paramref name="byStream"/>) or by a read.</summary>
    public void Arrived(string agentId, long sequence, bool byStream)
    {
        if (!_awaited.TryGetValue(agentId, out var awaited) || sequence < awaited.Sequence)
        {
            return;
        }

        _awaited.Remove(agentId);
        if (byStream)
        {
            var took = (time.GetUtcNow() - awaited.Since).TotalMilliseconds;
            _deliveryMs = _deliveryMs == 0 ? took : (0.9 * _deliveryMs) + (0.1 * took);
        }
    }

    /// <summary>The sequence awaited of the agent; 0 when nothing is.</summary>
    public long Of(string agentId) => _awaited.TryGetValue(agentId, out var awaited) ? awaited.Sequence : 0;

    /// <summary>The agent left the directory (no longer watched).</summary>
    public void Forget(string agentId) => _awaited.Remove(agentId);

    /// <summary>Up to <paramref name="most"/> agents whose awaited publication is older than <see cref="Grace"/>, oldest first.</summary>
    public IReadOnlyList<string> Overdue(int most)
    {
        var before = time.GetUtcNow() - Grace;
        return [.. _awaited.Where(a => a.Value.Since <= before).OrderBy(a => a.Value.Since).Take(most).Select(a => a.Key)];
    }

    /// <summary>A read that did not answer: the agent is given another grace before it is read again.</summary>
    public void Retry(string agentId)
    {
        if (_awaited.TryGetValue(agentId, out var awaited))
        {
            _awaited[agentId] = (awaited.Sequence, time.GetUtcNow());
        }
    }
}
