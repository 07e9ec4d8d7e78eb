using PresenceGrains.Benchmarks.Soak;

namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>The router's timeline scored against the truth: by window and whole, and how it was gathered.</summary>
internal sealed record TimelineFigures(IReadOnlyList<SoakScore> Scores, int TruthTransitions, int Shown, int Unseen, int Gaps, int FailedRereads, long GatewayLosses, long Repaired);
