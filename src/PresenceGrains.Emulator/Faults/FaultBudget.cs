namespace PresenceGrains.Emulator;

/// <summary>How many more times a counted fault may fire; shared by every socket, so the count is global.</summary>
internal sealed class FaultBudget(long count)
{
    private long _remaining = count;

    public long Remaining => Interlocked.Read(ref _remaining);

    public bool TryTake() => Interlocked.Decrement(ref _remaining) >= 0;
}
