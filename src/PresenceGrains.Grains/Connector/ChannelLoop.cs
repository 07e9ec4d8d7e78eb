using Microsoft.Extensions.Logging;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.Agents;
using PresenceGrains.Platform;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Grains.Connector;

/// <summary>
/// The connector's event loop, on the grain's scheduler: it takes validated events straight from the platform's bounded
/// buffer (the one queue between the socket and the grains; the platform reads the socket on the thread pool), gathers
/// the deltas that are already waiting into one batch per agent, and hands control events over in order. A control
/// event is a barrier: what came before it is applied before it acts, except for calls past
/// <see cref="Stragglers.Bound"/>, whose agents are read again from REST once those calls end.
/// </summary>
internal sealed class ChannelLoop(
    IPresencePlatform platform, AgentInboxes inboxes, string tenantId, int maxBatch,
    Func<PlatformEvent, CancellationToken, Task> onControl, FailedAgents failed, Stragglers stragglers, TimeProvider time,
    ILogger logger)
{
    /// <summary>Runs until cancelled; a failure is logged and reported as the task's end (the keep-alive reminder restarts it).</summary>
    public async Task<bool> RunAsync(WatchSubscription subscription, CancellationToken cancellationToken)
    {
        var batch = new DeltaBatch();
        try
        {
            await using var events = platform.RunAsync(subscription, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                // Dispatch only when nothing more is already waiting: a burst becomes one call per agent.
                var next = events.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    await DispatchAsync(batch);
                }

                if (!await next)
                {
                    break;
                }

                if (events.Current is DeltaReceived delta)
                {
                    batch.Add(delta);
                    if (batch.Count >= maxBatch)
                    {
                        await DispatchAsync(batch);
                    }

                    continue;
                }

                await DispatchAsync(batch);
                await onControl(events.Current, cancellationToken);
            }

            await DispatchAsync(batch);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex)
        {
            // The channel never stops silently.
            ConnectorLog.LoopFailed(logger, ex, tenantId);
            return false;
        }
    }

    private async Task DispatchAsync(DeltaBatch batch)
    {
        var (agents, error, published) = await batch.DispatchAsync(
            tenantId, inboxes.Of, stragglers, time);
        failed.Answered(published);
        if (error is not null)
        {
            failed.Add(agents, error);
        }
    }
}
