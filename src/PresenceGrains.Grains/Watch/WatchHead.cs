namespace PresenceGrains.Grains.Watch;

/// <summary>
/// Which generation of a tenant's watched set is current, and how many chunks hold it. A new set is written to chunks of
/// a new generation first and only then named here, so a reader never sees half of one set and half of another.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.WatchHead")]
public sealed record WatchHead(
    [property: Id(0)] long Generation,
    [property: Id(1)] int Chunks,
    [property: Id(2)] int Agents,
    [property: Id(3)] int Devices)
{
    public static WatchHead None { get; } = new(0, 0, 0, 0);
}
