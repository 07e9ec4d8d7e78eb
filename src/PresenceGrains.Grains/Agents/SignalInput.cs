using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Agents;

/// <summary>
/// One delta on its way to an agent: user level when <see cref="DeviceId"/> is null. Carries the platform's composite
/// for the disagreement counter, and the W3C <c>traceparent</c> of the delta's receive span while something traces.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("PresenceGrains.SignalInput")]
public sealed record SignalInput(
    [property: Id(0)] string? DeviceId,
    [property: Id(1)] DeviceState State,
    [property: Id(2)] DateTimeOffset LastUpdated,
    [property: Id(3)] AgentState? PlatformComposite,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] string? TraceParent = null);
