namespace PresenceGrains.Domain.Tests.Support;

/// <summary>The fixed instant every test timeline starts from (the seed's example date).</summary>
internal static class Clock
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 12, 14, 32, 10, TimeSpan.Zero);

    public static DateTimeOffset At(int ms) => T0.AddMilliseconds(ms);
}
