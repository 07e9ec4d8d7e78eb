using System.Diagnostics;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>
/// An agent's publications on their way to the streams, in order. The agent applies a delta and queues what it
/// publishes; a pump on the grain's scheduler writes them one after another, trying a refused write again until it goes
/// through. The connector's call returns once the agent has applied its deltas, so a slow stream write (an Azure queue
/// under load takes seconds) holds back this agent's publications only, not every agent of the connector's batch. Past
/// <see cref="Capacity"/> waiting publications the caller waits for room: back-pressure, never loss.
/// </summary>
internal sealed class PublicationOutbox(Func<AgentPresence, ActivityContext, Task> write)
{
    public const int Capacity = 64;

    // Both exist only while publications wait: an idle outbox kept an empty queue and its finished pump, ~0.3 KiB for each
    // of 100,000 resident agents (`memory`, docs/benchmarks/findings.md).
    private Queue<(AgentPresence Presence, ActivityContext Trace)>? _waiting;
    private Task _pump = Task.CompletedTask;
    private TaskCompletionSource? _room;

    /// <summary>Queues a publication; the task completes at once unless the outbox is full.</summary>
    public Task EnqueueAsync(AgentPresence presence)
    {
        var waiting = _waiting ??= new Queue<(AgentPresence Presence, ActivityContext Trace)>(1);
        waiting.Enqueue((presence, Activity.Current?.Context ?? default));
        if (_pump.IsCompleted)
        {
            // The pump outlives this call: its writes must not run under the span of the delta that started it.
            var current = Activity.Current;
            Activity.Current = null;
            var pump = PumpAsync(waiting);

            // A failed pump is kept, for the deactivation that drains it to see.
            _pump = pump.IsCompletedSuccessfully ? Task.CompletedTask : pump;
            Activity.Current = current;
        }

        if (waiting.Count <= Capacity)
        {
            return Task.CompletedTask;
        }

        _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _room.Task;
    }

    /// <summary>Waits until everything queued is written (on deactivation).</summary>
    public Task DrainAsync() => _pump;

    private async Task PumpAsync(Queue<(AgentPresence Presence, ActivityContext Trace)> waiting)
    {
        while (waiting.TryPeek(out var next))
        {
            await write(next.Presence, next.Trace);
            waiting.Dequeue();
            if (_room is { } room && waiting.Count <= Capacity / 2)
            {
                _room = null;
                room.SetResult();
            }
        }

        // On the grain's scheduler: nothing enqueues between the last check and these.
        _waiting = null;
        _pump = Task.CompletedTask;
    }
}
