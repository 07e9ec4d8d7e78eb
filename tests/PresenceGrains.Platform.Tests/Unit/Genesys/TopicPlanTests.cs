using PresenceGrains.Platform.GenesysCloud;
using PresenceGrains.Platform.Subscriptions;

namespace PresenceGrains.Platform.Tests.Unit.Genesys;

/// <summary>Watched users over channels: one combined topic per user, 1,000 per channel, 20 channels per OAuth client.</summary>
public sealed class TopicPlanTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(2500, 3)]
    [InlineData(20_000, 20)]
    public void Users_are_sharded_over_as_many_channels_as_they_need(int users, int channels)
    {
        var ids = Enumerable.Range(0, users).Select(i => $"agent-{i:D5}").ToList();

        var shards = TopicPlan.Shard(ids, new GenesysCloudOptions());

        Assert.Equal(channels, shards.Count);
        Assert.All(shards, s => Assert.InRange(s.Count, 1, 1000));
        Assert.Equal(ids.Order(StringComparer.Ordinal), shards.SelectMany(s => s));
    }

    [Fact]
    public void More_users_than_twenty_channels_hold_are_refused_before_anything_is_sent()
    {
        var ids = Enumerable.Range(0, 20_001).Select(i => $"agent-{i:D5}").ToList();

        var refused = Assert.Throws<SubscriptionRefusedException>(() => TopicPlan.Shard(ids, new GenesysCloudOptions()));

        Assert.Contains("21 notification channels", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_user_costs_one_combined_topic_for_all_four_parts() =>
        Assert.Equal("v2.users.u-1?presence&routingStatus&conversationsummary&station", TopicPlan.Topic("u-1"));

    [Theory]
    [InlineData("")]
    [InlineData("a?b")]
    public void A_user_id_no_topic_can_name_is_refused(string id) =>
        Assert.Throws<SubscriptionRefusedException>(() => TopicPlan.Shard([id], new GenesysCloudOptions()));
}
