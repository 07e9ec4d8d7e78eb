namespace PresenceGrains.Grains.Agents;

/// <summary>
/// What an agent's deactivation may trust of itself. An orderly one (idle, shutdown, migration, a request) leaves the
/// activation the only one that heard the agent's deltas: it writes its state with the clean mark, and the next
/// activation keeps it. Orleans also deactivates activations whose grain directory entry was lost with a dying silo
/// (<see cref="DeactivationReasonCode.DirectoryFailure"/>: hundreds at once in `chaos`): still the only one as far as
/// it knows, so it writes too, but a call that found no entry may already have started another activation, so the
/// platform is asked for the agent as well. A duplicate that lost the directory's race, or an activation the runtime gave
/// up on, may have been bypassed: it writes nothing over the other activation's state and asks the platform instead.
/// </summary>
internal static class OrderlyDeactivation
{
    /// <summary>Whether the activation was the agent's only one throughout: nothing to ask the platform.</summary>
    public static bool Is(DeactivationReasonCode code) => code is
        DeactivationReasonCode.ShuttingDown
        or DeactivationReasonCode.ActivationIdle
        or DeactivationReasonCode.ApplicationRequested
        or DeactivationReasonCode.Migrating
        or DeactivationReasonCode.RuntimeRequested
        or DeactivationReasonCode.HighMemoryPressure;

    /// <summary>Whether the activation may write its state as the agent's on the way out.</summary>
    public static bool MayWrite(DeactivationReasonCode code) => Is(code) || code == DeactivationReasonCode.DirectoryFailure;
}
