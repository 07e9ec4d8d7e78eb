namespace PresenceGrains.Protocol.Genesys;

/// <summary>
/// Topic names: the per-user ones (<c>v2.users.{id}.presence</c>, <c>.routingStatus</c>, <c>.conversationsummary</c>,
/// <c>.station</c>), their combined form (<c>v2.users.{id}?presence&amp;routingStatus&amp;conversationsummary&amp;station</c>,
/// at most <see cref="MaxCombinedLength"/> characters, one topic against the channel's limit), and the system topics.
/// Events always arrive under the single-part name.
/// </summary>
public static class GenesysTopics
{
    public const string UserPrefix = "v2.users.";
    public const string ChannelMetadata = "channel.metadata";
    public const string SocketClosing = "v2.system.socket_closing";
    public const string NoLongerSubscribed = "v2.system.no_longer_subscribed";
    public const string TokenRevoked = "v2.system.token_revoked";

    /// <summary>The longest combined topic Genesys accepts.</summary>
    public const int MaxCombinedLength = 200;

    /// <summary>The most topics one channel may hold.</summary>
    public const int MaxTopicsPerChannel = 1000;

    /// <summary>The most channels one OAuth client may hold; creating another removes the oldest.</summary>
    public const int MaxChannelsPerClient = 20;

    public static string Presence(string userId) => $"{UserPrefix}{userId}.presence";

    public static string RoutingStatus(string userId) => $"{UserPrefix}{userId}.routingStatus";

    public static string ConversationSummary(string userId) => $"{UserPrefix}{userId}.conversationsummary";

    public static string Station(string userId) => $"{UserPrefix}{userId}.station";

    /// <summary>The single-part topic of one part.</summary>
    public static string Of(string userId, GenesysUserTopicParts part) => part switch
    {
        GenesysUserTopicParts.Presence => Presence(userId),
        GenesysUserTopicParts.RoutingStatus => RoutingStatus(userId),
        GenesysUserTopicParts.ConversationSummary => ConversationSummary(userId),
        GenesysUserTopicParts.Station => Station(userId),
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "One part only."),
    };

    /// <summary>The combined topic of <paramref name="parts"/> (in the order presence, routingStatus, conversationsummary, station).</summary>
    public static string Combined(string userId, GenesysUserTopicParts parts) =>
        $"{UserPrefix}{userId}?{string.Join('&', Suffixes.Where(s => parts.HasFlag(s.Part)).Select(s => s.Name))}";

    /// <summary>
    /// Reads a per-user topic, single or combined: the user and the parts it names. False for any other topic, a
    /// part this service does not know, an empty user id, or a combined topic longer than <see cref="MaxCombinedLength"/>.
    /// Part names compare without regard to case (<c>routingstatus</c> and <c>routingStatus</c> both occur).
    /// </summary>
    public static bool TryParseUserTopic(string topic, out string userId, out GenesysUserTopicParts parts)
    {
        userId = "";
        parts = GenesysUserTopicParts.None;
        if (!topic.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(UserPrefix.Length);
        var query = rest.IndexOf('?');
        if (query >= 0)
        {
            if (topic.Length > MaxCombinedLength || query == 0)
            {
                return false;
            }

            foreach (var name in rest[(query + 1)..].ToString().Split('&'))
            {
                if (PartOf(name) is not { } part)
                {
                    return false;
                }

                parts |= part;
            }

            userId = rest[..query].ToString();
            return parts != GenesysUserTopicParts.None;
        }

        var dot = rest.LastIndexOf('.');
        if (dot <= 0 || PartOf(rest[(dot + 1)..].ToString()) is not { } single)
        {
            return false;
        }

        userId = rest[..dot].ToString();
        parts = single;
        return true;
    }

    private static GenesysUserTopicParts? PartOf(string name) =>
        Suffixes.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).Part is var part && part != GenesysUserTopicParts.None ? part : null;

    private static readonly (string Name, GenesysUserTopicParts Part)[] Suffixes =
    [
        ("presence", GenesysUserTopicParts.Presence),
        ("routingStatus", GenesysUserTopicParts.RoutingStatus),
        ("conversationsummary", GenesysUserTopicParts.ConversationSummary),
        ("station", GenesysUserTopicParts.Station),
    ];
}
