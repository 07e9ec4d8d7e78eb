namespace PresenceGrains.Domain.Tests.Properties;

/// <summary>
/// A valid delta sequence for one agent (in emission order: <c>lastUpdated</c> is the emission instant) and how the
/// channel delivered it: every delta once, some twice, each within <see cref="ScenarioGenerator.DeliveryBound"/>.
/// </summary>
internal sealed record DeliveryScenario(IReadOnlyList<PresenceDelta> Emitted, IReadOnlyList<Delivery> Deliveries)
{
    /// <summary>The deliveries without the repeated ones, in the same delivery order.</summary>
    public IEnumerable<Delivery> FirstDeliveries => Deliveries.DistinctBy(d => d.Delta);

    public override string ToString() =>
        $"emitted [{string.Join(", ", Emitted.Select(d => $"{d.DeviceId ?? "user"}={d.Signal}@{(d.LastUpdated - Clock.T0).TotalMilliseconds}"))}]"
        + $" delivered [{string.Join(", ", Deliveries.OrderBy(d => d.At))}]";
}
