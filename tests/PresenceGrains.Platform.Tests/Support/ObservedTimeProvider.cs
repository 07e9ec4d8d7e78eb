using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace PresenceGrains.Platform.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also shows which timers the code under test is waiting on and for how long,
/// so a test can advance time by exactly the delay the code asked for and observe what happens then.
/// </summary>
public sealed class ObservedTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<ObservedTimer> _timers = new();

    public ObservedTimeProvider(DateTimeOffset? start = null) => Fake = new FakeTimeProvider(start ?? new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    public FakeTimeProvider Fake { get; }

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override long TimestampFrequency => Fake.TimestampFrequency;

    /// <summary>Timers armed, not fired and not disposed.</summary>
    public IReadOnlyList<ObservedTimer> Pending => [.. _timers.Where(t => t.IsPending)];

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(Fake, dueTime);
        timer.Attach(Fake.CreateTimer(s => timer.Fire(callback, s), state, dueTime, period));
        _timers.Enqueue(timer);
        return timer;
    }

    public void Advance(TimeSpan delta) => Fake.Advance(delta);

    public sealed class ObservedTimer : ITimer
    {
        private readonly FakeTimeProvider _time;
        private ITimer? _inner;
        private volatile bool _fired;
        private volatile bool _disposed;

        internal ObservedTimer(FakeTimeProvider time, TimeSpan dueTime)
        {
            _time = time;
            Arm(dueTime);
        }

        /// <summary>The delay asked for when the timer was (last) armed.</summary>
        public TimeSpan DueTime { get; private set; }

        /// <summary>When it fires if time is advanced that far.</summary>
        public DateTimeOffset DueAt { get; private set; }

        public bool IsPending => !_fired && !_disposed && DueTime != Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            _disposed = true;
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        internal void Attach(ITimer inner) => _inner = inner;

        internal void Fire(TimerCallback callback, object? state)
        {
            _fired = true;
            callback(state);
        }

        private void Arm(TimeSpan dueTime)
        {
            DueTime = dueTime;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + dueTime;
            _fired = false;
        }
    }
}
