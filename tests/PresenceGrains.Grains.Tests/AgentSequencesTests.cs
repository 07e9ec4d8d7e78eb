using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Tests;

public sealed class AgentSequencesTests
{
    [Fact]
    public void A_publication_advances_its_agent_once_and_older_ones_never()
    {
        var sequences = new AgentSequences();

        Assert.True(sequences.Advance(At("a", 5)));
        Assert.False(sequences.Advance(At("a", 5)));
        Assert.False(sequences.Advance(At("a", 4)));
        Assert.True(sequences.Advance(At("a", 6)));
        Assert.True(sequences.Advance(At("b", 1)));
        Assert.Equal(2, sequences.Count);
    }

    private static AgentPresence At(string agentId, long sequence) => new(
        "t", agentId, AgentState.Available, true, Freshness.Fresh, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ChangeCause.Delta, sequence, []);
}
