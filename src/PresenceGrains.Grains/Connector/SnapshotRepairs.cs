using Microsoft.Extensions.Logging;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Grains.Directory;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Platform;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// Repairs from REST, the source of truth: snapshots that seed or re-read agents, the corrections a gap calls for, and
/// the re-read after a silence in which heartbeats went missing. Corrections and re-reads run beside the event loop:
/// awaited in it they would hold back every live delta (and the next loss of the channel) for as long as they take. So do
/// the snapshots of a (re)connect.
/// </summary>
internal sealed class SnapshotRepairs(
    IPresencePlatform platform, AgentInboxes agents, string tenantId, TimeProvider time, FreshnessFanOut fanOut, FailedAgents failed,
    DirectoryNotices directory, PresenceMetrics metrics, ILogger logger)
{
    private Task _corrections = Task.CompletedTask;
    private Task _reread = Task.CompletedTask;
    private Task _beside = Task.CompletedTask;
    private Task _connects = Task.CompletedTask;
    private bool _rereadAgain;

    /// <summary>Reads the agents from REST and applies each snapshot with the freshness the agents then show.</summary>
    /// <param name="freshness">Asked when each snapshot is applied: a re-read beside the loop may see the channel lost again.</param>
    public async Task<IReadOnlyList<(string AgentId, SnapshotOutcome Outcome)>> SnapshotAsync(
        IReadOnlyList<string> agentIds, SnapshotCause cause, Func<Freshness> freshness, CancellationToken cancellationToken)
    {
        if (agentIds.Count == 0)
        {
            return [];
        }

        // Taken when asked, not when answered: re-reads beside the event loop (anti-entropy, failed calls, requests) run
        // while live deltas flow, and a device first heard of while the answer was on its way is newer than the read,
        // not gone from it.
        var takenAt = time.GetUtcNow();
        var result = await platform.GetSnapshotsAsync(agentIds, cancellationToken);
        var outcomes = new List<(string AgentId, SnapshotOutcome Outcome)>(result.Snapshots.Count);
        foreach (var chunk in result.Snapshots.Chunk(FreshnessFanOut.Parallelism))
        {
            var calls = chunk.Select(snapshot =>
            {
                var input = new SnapshotInput(
                    snapshot.User?.Signal.ToContract(),
                    snapshot.User?.LastUpdated,
                    snapshot.Devices.Select(d => new DevicePresence(d.DeviceId, d.Signal.ToContract(), d.LastUpdated)).ToList(),
                    takenAt,
                    freshness());
                return (snapshot.AgentId, Call: agents.Of(snapshot.AgentId).ApplySnapshotAsync(input));
            }).ToList();
            try
            {
                await Task.WhenAll(calls.Select(c => c.Call));
            }
            catch (Exception ex)
            {
                // An agent that could not take its snapshot is read again a moment later; the others are applied.
                failed.Add([.. calls.Where(c => !c.Call.IsCompletedSuccessfully).Select(c => c.AgentId)], ex);
            }

            var applied = calls.Where(c => c.Call.IsCompletedSuccessfully).Select(c => (c.AgentId, Outcome: c.Call.Result)).ToList();
            outcomes.AddRange(applied);
            directory.Published([.. applied.Select(a => a.Outcome.Published).OfType<AgentPresence>().Where(p => p.Sequence > 0)]);
        }

        metrics.SnapshotsTaken(tenantId, cause, outcomes.Count);

        // Agents the platform no longer knows still learn that the channel is back.
        await fanOut.BroadcastAsync(result.NotFound, freshness());
        return outcomes;
    }

    /// <summary>Sends the corrections of a gap beside the event loop, after those of earlier gaps.</summary>
    public void StartCorrections(IReadOnlyList<(string AgentId, SnapshotOutcome Outcome)> outcomes, DisconnectionWindow window, CancellationToken cancellationToken)
    {
        var corrections = outcomes
            .Where(o => o.Outcome.Changed)
            .Select(o => new CorrectionRequest(o.AgentId, o.Outcome.After.ToDomain(), window.Start, window.End, "client_reconnect"))
            .ToList();
        if (corrections.Count > 0)
        {
            _corrections = SendCorrectionsAsync(_corrections, corrections, window, cancellationToken);
        }
    }

    /// <summary>
    /// Re-reads every watched agent beside the event loop, one re-read at a time; a resumption while one runs asks for one
    /// more after it.
    /// </summary>
    public void StartReread(Func<IReadOnlyList<string>> agentIds, Func<Freshness> freshness, CancellationToken cancellationToken)
    {
        if (!_reread.IsCompleted)
        {
            _rereadAgain = true;
            return;
        }

        _reread = RereadAsync(agentIds, freshness, cancellationToken);
    }

    /// <summary>Re-reads, beside the event loop and after a short wait, the agents a call failed for.</summary>
    public void RetryFailed(Func<Freshness> freshness, CancellationToken cancellationToken) => RunBeside(
        async () =>
        {
            await Task.Delay(FailedAgents.RetryDelay, time, cancellationToken);
            await SnapshotAsync(failed.Take(), SnapshotCause.Retry, freshness, cancellationToken);
        },
        cancellationToken);

    /// <summary>Runs a repair beside the event loop, after the ones already running there, one at a time.</summary>
    public void RunBeside(Func<Task> repair, CancellationToken cancellationToken) => _beside = ChainAsync(_beside, repair, cancellationToken);

    /// <summary>
    /// Runs a connect's snapshot beside the event loop, after earlier connects' and ahead of other repairs (a retry waits
    /// before it reads; a connect must not wait behind that).
    /// </summary>
    public void RunConnect(Func<Task> connect, CancellationToken cancellationToken) => _connects = ChainAsync(_connects, connect, cancellationToken);

    /// <summary>Waits for what runs beside the loop (on stop, after the loop's token was cancelled).</summary>
    public Task DrainAsync() => Task.WhenAll(_corrections, _reread, _beside, _connects);

    private async Task ChainAsync(Task earlier, Func<Task> repair, CancellationToken cancellationToken)
    {
        await earlier;
        try
        {
            await repair();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            ConnectorLog.RereadFailed(logger, ex, tenantId);
        }
    }

    private async Task RereadAsync(Func<IReadOnlyList<string>> agentIds, Func<Freshness> freshness, CancellationToken cancellationToken)
    {
        do
        {
            _rereadAgain = false;
            try
            {
                var agents = agentIds();
                ConnectorLog.Resnapshot(logger, tenantId, agents.Count, "traffic resumed after a silence; the socket may have swallowed deltas");
                await SnapshotAsync(agents, SnapshotCause.Reread, freshness, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ConnectorLog.RereadFailed(logger, ex, tenantId);
                return;
            }
        }
        while (_rereadAgain && !cancellationToken.IsCancellationRequested);
    }

    private async Task SendCorrectionsAsync(
        Task earlier, IReadOnlyList<CorrectionRequest> corrections, DisconnectionWindow window, CancellationToken cancellationToken)
    {
        await earlier;
        try
        {
            await platform.SendCorrectionsAsync(corrections, cancellationToken);
            metrics.CorrectionsAccepted(tenantId, corrections.Count);
            ConnectorLog.Corrections(logger, tenantId, corrections.Count, window.Duration.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            ConnectorLog.CorrectionsFailed(logger, ex, tenantId, corrections.Count);
        }
    }
}
