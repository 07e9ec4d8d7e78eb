using System.Diagnostics;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// The system's clock and timers, except that a test can make time jump as it does across a pause of the whole process
/// (a long GC): afterwards every clock reads later by the pause while the code under test did not run meanwhile.
/// </summary>
public sealed class PausableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override long GetTimestamp() => System.GetTimestamp() + (long)(Offset.TotalSeconds * Stopwatch.Frequency);

    private TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves every clock on by <paramref name="pause"/> at once; returns the time it reads right after.</summary>
    public DateTimeOffset Pause(TimeSpan pause)
    {
        Interlocked.Add(ref _offsetTicks, pause.Ticks);
        return GetUtcNow();
    }
}
