using PresenceGrains.Abstractions;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>One publication as a subscriber saw it, with the moment it arrived. Small, to keep millions of them.</summary>
internal readonly record struct Publication(
    int Agent,
    AgentState State,
    bool Routable,
    Freshness Freshness,
    ChangeCause Cause,
    DateTimeOffset LastUpdated,
    DateTimeOffset ReceivedAt,
    long Sequence = 0)
{
    /// <summary>From the platform's stamp of the newest input behind it to its arrival, in milliseconds.</summary>
    public double LatencyMs => (ReceivedAt - LastUpdated).TotalMilliseconds;

    /// <summary>What routing would do with it: an agent is offered calls only when Available and routable.</summary>
    public bool OffersCalls => State == AgentState.Available && Routable;
}
