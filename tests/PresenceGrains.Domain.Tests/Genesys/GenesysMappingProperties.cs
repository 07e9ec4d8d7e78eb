using CsCheck;
using PresenceGrains.Domain.Tests.Properties;
using Xunit.Abstractions;

namespace PresenceGrains.Domain.Tests.Genesys;

/// <summary>
/// The seed's properties for the Genesys mapping: whatever order the timestamped sources arrive in (the others in the
/// order they were made), the published state ends as the reference says, and it is never Available and routable while
/// the agent has been anything else for longer than the delivery bound.
/// </summary>
public sealed class GenesysMappingProperties(ITestOutputHelper output)
{
    private const long Cases = 5_000;

    [Fact]
    public void Once_changes_stop_the_published_state_is_the_truth() =>
        GenesysScenarioGenerator.Scenarios().Sample(
            scenario =>
            {
                var machine = Replay(scenario);

                Assert.Equal(GenesysTruth.At(scenario, DateTimeOffset.MaxValue), (machine.Published.Level, machine.Published.Routable));
            },
            iter: Cases,
            writeLine: output.WriteLine);

    [Fact]
    public void Never_available_and_routable_while_the_truth_has_been_otherwise_longer_than_the_delivery_bound() =>
        GenesysScenarioGenerator.Scenarios(sourceSpacing: ScenarioGenerator.DeliveryBound).Sample(
            scenario => Replay(
                scenario,
                (instant, shown) =>
                {
                    if (shown is { Level: PresenceLevel.Available, Routable: true })
                    {
                        Assert.False(
                            GenesysTruth.NotRoutableThroughout(scenario, instant - ScenarioGenerator.DeliveryBound, instant),
                            $"published Available+routable at +{(instant - Clock.T0).TotalMilliseconds}ms");
                    }
                }),
            iter: Cases,
            writeLine: output.WriteLine);

    /// <summary>The connector reads every agent before the channel's first delta: the start is a snapshot at T0.</summary>
    private static AgentPresenceMachine Replay(GenesysScenario scenario, Action<DateTimeOffset, AgentView>? observe = null)
    {
        var machine = new AgentPresenceMachine();
        machine.ApplySnapshot(scenario.Start.ToSnapshot(), Clock.T0);
        return DeliveryReplay.Run(scenario.Deliveries, observe, machine);
    }
}
