namespace PresenceGrains.Domain.Tests.Properties;

/// <summary>A delta as the connector hands it to the agent, at <see cref="At"/>.</summary>
internal readonly record struct Delivery(DateTimeOffset At, PresenceDelta Delta)
{
    public override string ToString() =>
        $"+{(At - Clock.T0).TotalMilliseconds}ms {Delta.DeviceId ?? "user"}={Delta.Signal}@{(Delta.LastUpdated - Clock.T0).TotalMilliseconds}";
}
