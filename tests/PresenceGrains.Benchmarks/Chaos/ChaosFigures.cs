namespace PresenceGrains.Benchmarks.Chaos;

/// <summary>One silo taken away (killed or stopped) and what the rest of the cluster showed until all was true again.</summary>
internal sealed record SiloLossFigures(
    string Scenario,
    string Signal,
    bool HeldTheChannel,
    double DeclaredDeadSeconds,
    double ChannelReopenedSeconds,
    double ChannelElsewhereSeconds,
    double AllFreshAndTrueSeconds,
    double ChannelNotConnectedSeconds,
    int MostReconnectingShown,
    int MostStaleShown,
    int FalseOfflineReads,
    int UnheardSignInReads,
    double FalseAvailableAgentMs,
    int UnansweredReads,
    int Reads)
{
    /// <summary>When every agent was never true at one read: the first few still wrong at the last one, each also read from its grain.</summary>
    public IReadOnlyList<string> StillWrong { get; init; } = [];
}

/// <summary>A feed client on the lost silo resuming on a survivor with Last-Event-ID, and a live client on a survivor.</summary>
internal sealed record FeedResumeFigures(
    long LastSeenBeforeLoss,
    int Replayed,
    bool ReplayConsecutive,
    bool ReplayMatchesLive,
    int LiveEvents,
    int LiveGaps,
    int LiveDuplicates);

/// <summary>Every silo stopped (SIGTERM) and started again, one at a time.</summary>
internal sealed record RollingRestartFigures(
    int Silos,
    double Seconds,
    int WorstWrong,
    int WorstWrongAgents,
    double ChannelNotConnectedSeconds,
    int ChannelMoves,
    int FalseOfflineReads,
    int UnheardSignInReads,
    double FalseAvailableAgentMs,
    bool AllFreshAndTrueAfter,
    int Reads);

internal sealed record ChaosFigures(
    int Silos,
    int Agents,
    int DevicesPerAgent,
    double ClusterUpSeconds,
    int Tolerance,
    IReadOnlyList<SiloLossFigures> Losses,
    FeedResumeFigures? Feed,
    RollingRestartFigures? Rolling);
