using System.Text;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// Applies the delivery faults to one socket's outgoing frames: half-open silence, delay, malformed and oversized
/// frames, reordering (held frames are overtaken, and released within the bound), duplication, silent loss of deltas,
/// and properties no schema declares. Replies to the
/// client (<c>subscribed</c>, <c>error</c>) are never touched. Used by the socket's single send loop only.
/// </summary>
internal sealed class FaultyDelivery(EmulatorFaults faults, TimeProvider time, Func<ReadOnlyMemory<byte>, ValueTask> send)
{
    private static readonly byte[] SchemaInvalidFrame =
        Encoding.UTF8.GetBytes("""{"eventType":"presenceStateChange","userId":"","state":"teleporting","lastUpdated":"yesterday"}""");

    private readonly List<Held> _held = [];
    private readonly Random _random = new();
    private long _lastDelayedRelease;

    /// <summary>When the earliest held frame must go out, as a <see cref="TimeProvider"/> timestamp; null when none is held.</summary>
    public long? NextRelease => _held.Count == 0 ? null : _held.Min(h => h.Deadline);

    public async ValueTask DeliverAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        if (frame.Kind == FrameKind.Reply)
        {
            await send(frame.Payload);
            return;
        }

        if (faults.StopHeartbeats)
        {
            return;
        }

        if (faults.Delay is { } delay)
        {
            await WaitForDelayAsync(frame, delay, cancellationToken);
        }

        var delta = frame.Kind is FrameKind.Delta or FrameKind.UnstampedDelta;
        if (delta && faults.FiresLoseDelta(_random))
        {
            return;
        }

        if ((delta || frame.Kind == FrameKind.Heartbeat) && faults.FiresUndeclared(_random, out var undeclared))
        {
            frame = frame with { Payload = UndeclaredPropertyFrame.Add(frame.Payload, undeclared) };
        }

        if (delta)
        {
            if (faults.FiresMalformed(_random, out var kind))
            {
                await send(kind == MalformedKind.Truncated ? frame.Payload.AsMemory(0, frame.Payload.Length / 2) : SchemaInvalidFrame);
            }

            if (faults.FiresOversized(_random, out var size))
            {
                await send(Oversized(size));
            }

            if (frame.Kind == FrameKind.Delta && faults.Reorder is { } reorder && _random.NextDouble() < reorder.Probability)
            {
                var deadline = time.GetTimestamp() + (long)(reorder.MaxHoldMilliseconds / 1000.0 * time.TimestampFrequency);
                _held.Add(new Held(frame, deadline, 1 + _random.Next(4)));
                return;
            }
        }

        await send(frame.Payload);
        if (delta && faults.Duplicate is { } duplicate && _random.NextDouble() < duplicate.Probability)
        {
            await send(frame.Payload);
        }

        await ReleaseAsync(overtaken: true);
    }

    /// <summary>Sends held frames whose bound has passed (or, at close, all of them).</summary>
    public ValueTask ReleaseDueAsync(bool all = false) => ReleaseAsync(overtaken: false, all);

    private async ValueTask ReleaseAsync(bool overtaken, bool all = false)
    {
        if (_held.Count == 0)
        {
            return;
        }

        var now = time.GetTimestamp();
        for (var i = 0; i < _held.Count;)
        {
            var held = _held[i];
            var remaining = overtaken ? held.Overtakers - 1 : held.Overtakers;
            if (all || remaining <= 0 || now >= held.Deadline)
            {
                _held.RemoveAt(i);
                await send(held.Frame.Payload);
            }
            else
            {
                _held[i] = held with { Overtakers = remaining };
                i++;
            }
        }
    }

    private async ValueTask WaitForDelayAsync(OutboundFrame frame, DelayFault delay, CancellationToken cancellationToken)
    {
        var milliseconds = delay.Milliseconds + (delay.JitterMilliseconds > 0 ? _random.Next(delay.JitterMilliseconds + 1) : 0);
        var due = frame.QueuedAt + (long)(milliseconds / 1000.0 * time.TimestampFrequency);

        // Jitter never reorders: a frame is not released before the one ahead of it.
        due = Math.Max(due, _lastDelayedRelease);
        _lastDelayedRelease = due;
        var wait = time.GetElapsedTime(time.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static byte[] Oversized(int size)
    {
        const string head = """{"eventType":"presenceStateChange","padding":" """;
        var bytes = new byte[Math.Max(size, head.Length + 2)];
        Array.Fill(bytes, (byte)'x');
        Encoding.UTF8.GetBytes(head.TrimEnd(), bytes);
        bytes[^2] = (byte)'"';
        bytes[^1] = (byte)'}';
        return bytes;
    }

    private readonly record struct Held(OutboundFrame Frame, long Deadline, int Overtakers);
}
