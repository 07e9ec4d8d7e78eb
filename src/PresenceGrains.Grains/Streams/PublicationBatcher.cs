using System.Diagnostics;
using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Streams;

/// <summary>
/// Gathers one tenant's publications on this silo into stream messages (group commit): while a message is on its way,
/// the publications that arrive meanwhile gather into the next, up to <see cref="TenantPublisher.MaxBatch"/> a message.
/// A batch the stream refuses is tried again whole (<see cref="PublishRetry"/>), never dropped, and batches leave in the
/// order they were gathered when one is in flight at a time.
/// </summary>
/// <param name="write">Writes one batch (each publication with its span) until the stream takes it.</param>
/// <param name="maxInFlight">Messages on their way at once.</param>
/// <param name="linger">How long a message waits for company before it goes (zero: at once).</param>
/// <param name="time">The clock the lingering runs on.</param>
internal sealed class PublicationBatcher(Func<List<(AgentPresence Presence, Activity? Span)>, Task> write, int maxInFlight, TimeSpan linger, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<(AgentPresence Presence, Activity? Span, TaskCompletionSource Written)> _waiting = [];
    private int _writers;
    private int _writing;

    /// <summary>Publications gathered and not yet taken by the stream.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count + _writing;
            }
        }
    }

    /// <summary>Gathers a publication; the task completes once the stream has taken it.</summary>
    public Task Add(AgentPresence presence, Activity? span)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add((presence, span, written));
            if (_writers == maxInFlight)
            {
                return written.Task;
            }

            _writers++;
        }

        // The writer runs on the thread pool, outside any grain's scheduler and any delta's span.
        _ = Task.Run(WriteAllAsync);
        return written.Task;
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            if (linger > TimeSpan.Zero && !IsFull())
            {
                await Task.Delay(linger, time);
            }

            List<(AgentPresence Presence, Activity? Span, TaskCompletionSource Written)> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writers--;
                    return;
                }

                batch = _waiting.Take(TenantPublisher.MaxBatch).ToList();
                _waiting.RemoveRange(0, batch.Count);
                _writing += batch.Count;
            }

            await write([.. batch.Select(b => (b.Presence, b.Span))]);
            lock (_gate)
            {
                _writing -= batch.Count;
            }

            foreach (var item in batch)
            {
                item.Written.SetResult();
            }
        }
    }

    private bool IsFull()
    {
        lock (_gate)
        {
            return _waiting.Count >= TenantPublisher.MaxBatch;
        }
    }
}
