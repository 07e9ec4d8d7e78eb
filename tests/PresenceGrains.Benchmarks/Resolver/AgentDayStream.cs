using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Benchmarks.Resolver;

/// <summary>
/// A realistic stream for one agent with a softphone, a mobile app and a desk phone: call cycles (ring, talk, wrap-up),
/// not-ready breaks, device hand-offs and devices dropping off, delivered with network jitter so that some deltas
/// arrive out of order (stale) and some twice (duplicates). Seeded, so every run measures the same stream.
/// </summary>
public static class AgentDayStream
{
    private const string Agent = "agent-1";
    private static readonly string[] DeviceIds = ["desk-phone", "mobile", "softphone"];

    /// <summary>Exactly <paramref name="count"/> deliveries, in delivery order.</summary>
    public static DeliveredDelta[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var emitted = new List<PresenceDelta>(count);
        var at = new DateTimeOffset(2024, 5, 12, 8, 0, 0, TimeSpan.Zero);

        void Emit(string? deviceId, PresenceSignal signal)
        {
            at = at.AddMilliseconds(random.Next(20, 1500));
            emitted.Add(new PresenceDelta(Agent, deviceId, signal, at));
        }

        foreach (var device in DeviceIds)
        {
            Emit(device, PresenceSignal.Online);
        }

        while (emitted.Count < count)
        {
            var device = DeviceIds[random.Next(DeviceIds.Length)];
            Emit(null, PresenceSignal.Available);
            switch (random.Next(10))
            {
                case < 6:
                    Emit(device, PresenceSignal.Ringing);
                    Emit(device, PresenceSignal.InUse);
                    Emit(device, PresenceSignal.Online);
                    Emit(null, PresenceSignal.WrapUp);
                    break;
                case < 8:
                    var other = DeviceIds[(Array.IndexOf(DeviceIds, device) + 1) % DeviceIds.Length];
                    Emit(device, PresenceSignal.OnCall);
                    Emit(device, PresenceSignal.Available);
                    Emit(other, PresenceSignal.OnCall);
                    Emit(other, PresenceSignal.Online);
                    break;
                case 8:
                    Emit(null, PresenceSignal.NotReady);
                    break;
                default:
                    Emit(device, PresenceSignal.Offline);
                    Emit(device, PresenceSignal.Online);
                    break;
            }
        }

        return [.. Deliver(emitted, random).Take(count)];
    }

    /// <summary>Up to 400 ms of jitter reorders close deltas; one in twenty is also delivered a second time.</summary>
    private static IEnumerable<DeliveredDelta> Deliver(IEnumerable<PresenceDelta> emitted, Random random)
    {
        var delivered = new List<DeliveredDelta>();
        foreach (var delta in emitted)
        {
            delivered.Add(new DeliveredDelta(delta, delta.LastUpdated.AddMilliseconds(random.Next(400))));
            if (random.Next(20) == 0)
            {
                delivered.Add(new DeliveredDelta(delta, delta.LastUpdated.AddMilliseconds(random.Next(400))));
            }
        }

        return delivered.OrderBy(d => d.DeliveredAt);
    }
}
