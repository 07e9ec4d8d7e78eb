using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Telemetry;

/// <summary>
/// Which way a publication moved the agent's state from the one it published before, in routing-priority order (the
/// order of <see cref="AgentState"/>). A lowering waits out the hold window and a raise does not, so their latencies are
/// told apart; <see cref="Same"/> is a change of routability or freshness alone.
/// </summary>
public enum PublicationDirection
{
    Same = 0,
    Raise = 1,
    Lowering = 2,
}
