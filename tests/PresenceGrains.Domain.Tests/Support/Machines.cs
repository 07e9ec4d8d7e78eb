using static PresenceGrains.Domain.Tests.Support.Deltas;

namespace PresenceGrains.Domain.Tests.Support;

/// <summary>Machines in a known published state, so each test starts from the line that matters to it.</summary>
internal static class Machines
{
    /// <summary>User level available and device "a" online since 0 ms, published Available and routable by 500 ms.</summary>
    public static AgentPresenceMachine Available()
    {
        var machine = new AgentPresenceMachine();
        machine.ApplyBatch([User(PresenceSignal.Available, 0), Device("a", PresenceSignal.Online, 0)], Clock.At(0));
        machine.Tick(Clock.At(500));
        return machine;
    }

    /// <summary><see cref="Available"/>, then device "a" on a call stamped and delivered at 1,000 ms: published OnCall.</summary>
    public static AgentPresenceMachine OnCall()
    {
        var machine = Available();
        machine.Apply(Device("a", PresenceSignal.OnCall, 1000), Clock.At(1000));
        return machine;
    }
}
