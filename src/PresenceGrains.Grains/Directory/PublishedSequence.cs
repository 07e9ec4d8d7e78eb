namespace PresenceGrains.Grains.Directory;

/// <summary>The sequence of an agent's latest publication, as the agent told the connector in answer to a call.</summary>
[GenerateSerializer, Immutable, Alias("PresenceGrains.PublishedSequence")]
public readonly record struct PublishedSequence([property: Id(0)] string AgentId, [property: Id(1)] long Sequence);
