namespace PresenceGrains.Benchmarks.Recovery;

/// <summary>
/// One socket drop with every agent watched: milestones in seconds after the drop.
/// </summary>
/// <param name="ClientRestRate">REST calls per second the service allows itself (<c>Presence:Platform:RestRequestsPerSecond</c>).</param>
/// <param name="ChangedWhileAway">Agents whose declared state the platform changed while the socket was down.</param>
/// <param name="ReconnectingShownSeconds">Until every agent showed Reconnecting (routable = false).</param>
/// <param name="AllFreshSeconds">Until every agent was Fresh and equal to the truth again.</param>
/// <param name="AllRoutableSeconds">Until every truly available agent was routable again (held 500 ms after freshness).</param>
/// <param name="ConnectedSeconds">Until the connector reported its channel Connected (after its snapshot and corrections).</param>
/// <param name="Corrections">Presence corrections the platform received (one per agent the snapshot changed).</param>
/// <param name="CorrectionsSeconds">Until the last presence correction reached the platform.</param>
internal sealed record RecoveryFigures(
    int Agents,
    double ClientRestRate,
    double PlatformRestRate,
    int ChangedWhileAway,
    double ReconnectingShownSeconds,
    double AllFreshSeconds,
    double AllRoutableSeconds,
    double ConnectedSeconds,
    int Corrections,
    double CorrectionsSeconds,
    int NotRecovered);
