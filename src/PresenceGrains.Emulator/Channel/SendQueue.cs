using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// One socket's outgoing frames: replies (answers to the client, and the close) jump the queue; everything else waits
/// in order, at most <c>capacity</c> frames. Many writers, one reader (the socket's send loop).
/// </summary>
internal sealed class SendQueue(int capacity)
{
    private readonly Channel<OutboundFrame> _frames = System.Threading.Channels.Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<OutboundFrame> _replies = new();
    private volatile TaskCompletionSource? _roomWaiter;
    private int _queued;

    /// <summary>Queues a frame; false when the queue is full.</summary>
    public bool TryOffer(OutboundFrame frame)
    {
        if (Interlocked.Increment(ref _queued) > capacity)
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        _frames.Writer.TryWrite(frame);
        return true;
    }

    /// <summary>Queues a frame only if there is room, as a best effort.</summary>
    public void OfferIfRoom(OutboundFrame frame)
    {
        if (Volatile.Read(ref _queued) < capacity)
        {
            Interlocked.Increment(ref _queued);
            _frames.Writer.TryWrite(frame);
        }
    }

    /// <summary>Queues a reply ahead of every waiting frame.</summary>
    public void Reply(OutboundFrame frame)
    {
        _replies.Enqueue(frame);

        // An empty marker wakes the reader, which then finds the reply first.
        _frames.Writer.TryWrite(default);
    }

    /// <summary>The next frame, replies first; false when nothing is waiting.</summary>
    public bool TryTake(out OutboundFrame frame)
    {
        if (_replies.TryDequeue(out frame))
        {
            return true;
        }

        while (_frames.Reader.TryRead(out frame))
        {
            if (frame.Payload is null)
            {
                // A wake marker is written after its reply, so the reply is there now.
                if (_replies.TryDequeue(out frame))
                {
                    return true;
                }

                continue;
            }

            var queued = Interlocked.Decrement(ref _queued);
            if (_roomWaiter is { } waiter && queued <= capacity / 2)
            {
                _roomWaiter = null;
                waiter.TrySetResult();
            }

            return true;
        }

        return false;
    }

    /// <summary>Waits for a frame; false once the queue is completed.</summary>
    public ValueTask<bool> WaitToTakeAsync(CancellationToken cancellationToken) => _frames.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Waits until the queue has drained to half, when <paramref name="frames"/> more would not fit.</summary>
    public async ValueTask WaitForRoomAsync(int frames, Func<bool> ending, CancellationToken cancellationToken)
    {
        while (!ending() && Volatile.Read(ref _queued) + frames > capacity)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _roomWaiter = waiter;
            if (ending() || Volatile.Read(ref _queued) <= capacity / 2)
            {
                return;
            }

            await waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Releases anyone waiting for room (the socket is ending).</summary>
    public void ReleaseWaiters() => _roomWaiter?.TrySetResult();

    public void Complete()
    {
        _frames.Writer.TryComplete();
        ReleaseWaiters();
    }
}
