using BenchmarkDotNet.Attributes;
using PresenceGrains.Domain.Publication;

namespace PresenceGrains.Benchmarks.Resolver;

/// <summary>Deltas through one agent's state machine, timers included, as the agent grain drives it.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ResolverBenchmark
{
    /// <summary>Deltas per invocation; BenchmarkDotNet divides by it, so every figure is per delta.</summary>
    public const int StreamLength = 10_000;

    private DeliveredDelta[] _stream = [];

    [GlobalSetup]
    public void Setup() => _stream = AgentDayStream.Create(StreamLength);

    [Benchmark(OperationsPerInvoke = StreamLength)]
    public AgentView ApplyStream() => Replay(_stream).Published;

    /// <summary>Fires a due hold-window deadline before each delivery, as the grain's timer would.</summary>
    public static AgentPresenceMachine Replay(IReadOnlyList<DeliveredDelta> stream)
    {
        var machine = new AgentPresenceMachine();
        foreach (var (delta, deliveredAt) in stream)
        {
            if (machine.HoldUntil is { } deadline && deadline <= deliveredAt)
            {
                machine.Tick(deadline);
            }

            machine.Apply(delta, deliveredAt);
        }

        return machine;
    }
}
