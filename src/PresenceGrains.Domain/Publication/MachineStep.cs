using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Publication;

/// <summary>
/// What one input to <see cref="AgentPresenceMachine"/> produced: a publication, if any, and the deadline of a held
/// change, if one is pending (the caller arranges to call <see cref="AgentPresenceMachine.Tick"/> then).
/// </summary>
public readonly record struct MachineStep(AgentView? Published, DateTimeOffset? HoldUntil)
{
    /// <summary>What last-writer-wins did with the delta, for a step of <see cref="AgentPresenceMachine.Apply"/>; null otherwise.</summary>
    public ApplyOutcome? Outcome { get; init; }

    /// <summary>For a step of <see cref="AgentPresenceMachine.ApplySnapshot"/>: whether the snapshot changed any cached source.</summary>
    public bool SourcesChanged { get; init; }
}
