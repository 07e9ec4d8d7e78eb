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

    private readonly Queue<(AgentPresence Presence, ActivityContext Trace)> _waiting = new();
    private Task _pump = Task.CompletedTask;
    private TaskCompletionSource? _room;

    /// <summary>Queues a publication; the task completes at once unless the outbox is full.</summary>
    public Task EnqueueAsync(AgentPresence presence)
    {
        _waiting.Enqueue((presence, Activity.Current?.Context ?? default));
        if (_pump.IsCompleted)
        {
            // The pump outlives this call: its writes must not run under the span of the delta that started it.
            var current = Activity.Current;
            Activity.Current = null;
            _pump = PumpAsync();
            Activity.Current = current;
        }

        if (_waiting.Count <= Capacity)
        {
            return Task.CompletedTask;
        }

        _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _room.Task;
    }

    /// <summary>Waits until everything queued is written (on deactivation).</summary>
    public Task DrainAsync() => _pump;

    private async Task PumpAsync()
    {
        while (_waiting.TryPeek(out var next))
        {
            await write(next.Presence, next.Trace);
            _waiting.Dequeue();
            if (_room is { } room && _waiting.Count <= Capacity / 2)
            {
                _room = null;
                room.SetResult();
            }
        }
    }
}
