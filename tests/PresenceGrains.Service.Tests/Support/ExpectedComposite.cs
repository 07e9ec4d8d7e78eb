using PresenceGrains.Abstractions;
using PresenceGrains.Emulator;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>
/// What the service should show for an agent, computed from the emulator's true sources by design §2 (the user level
/// raised by device engagement only; a ghost device online does not make an agent available). Written apart from the
/// Domain on purpose.
/// </summary>
public static class ExpectedComposite
{
    public static AgentState Of(AgentTruth truth)
    {
        var user = Level(truth.UserState);
        var engaged = truth.Devices.Select(d => Level(d.State)).Where(l => l >= AgentState.NotReady).DefaultIfEmpty(AgentState.Offline).Max();
        return engaged > user ? engaged : user;
    }

    /// <summary>The newest true change of the agent, of any source.</summary>
    public static DateTimeOffset LastChange(AgentTruth truth) =>
        truth.Devices.Select(d => d.LastUpdated).Append(truth.UserLastUpdated).Max();

    private static AgentState Level(string state) => state switch
    {
        "onCall" or "inUse" or "ringing" => AgentState.OnCall,
        "wrapUp" => AgentState.WrapUp,
        "notReady" => AgentState.NotReady,
        "available" or "online" => AgentState.Available,
        _ => AgentState.Offline,
    };
}
