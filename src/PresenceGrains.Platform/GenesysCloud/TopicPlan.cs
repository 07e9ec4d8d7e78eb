using PresenceGrains.Platform.Subscriptions;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// Which users go on which channel. Each user costs one topic, the combined form
/// <c>v2.users.{id}?presence&amp;routingStatus&amp;conversationsummary&amp;station</c> (Genesys allows combining a user's
/// topics, up to 200 characters), so a channel carries <c>MaxTopicsPerChannel</c> users and a tenant needs
/// ceil(users / that) channels, refused up front past <c>MaxChannels</c>.
/// </summary>
internal static class TopicPlan
{
    public static string Topic(string userId) => GenesysTopics.Combined(userId, GenesysUserTopicParts.All);

    /// <summary>The users of each channel, in a stable order; throws <see cref="SubscriptionRefusedException"/> when they do not fit.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Shard(IReadOnlyCollection<string> userIds, GenesysCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            throw new SubscriptionRefusedException("no agent to follow: Genesys topics are per user and the list is empty.");
        }

        var distinct = userIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.FirstOrDefault(id => string.IsNullOrWhiteSpace(id) || Topic(id).Length > GenesysTopics.MaxCombinedLength || id.Contains('?') || id.Contains('&')) is { } bad)
        {
            throw new SubscriptionRefusedException($"'{(bad.Length > 64 ? bad[..64] + "…" : bad)}' is not a Genesys user id a topic can name.");
        }

        var channels = (distinct.Count + options.MaxTopicsPerChannel - 1) / options.MaxTopicsPerChannel;
        if (channels > options.MaxChannels)
        {
            throw new SubscriptionRefusedException(
                $"{distinct.Count} agents need {channels} notification channels at {options.MaxTopicsPerChannel} topics each, more than the "
                + $"{options.MaxChannels} Genesys allows one OAuth client (a further channel would silently remove the oldest). "
                + "Split the agents over more OAuth clients (tenants).");
        }

        return distinct.Chunk(options.MaxTopicsPerChannel).Select(c => (IReadOnlyList<string>)c).ToList();
    }
}
