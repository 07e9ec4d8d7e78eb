using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.OAuth;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// One notification channel: who created it, when it expires, its topics, and the one socket connected to it. The
/// topics are read when events are published and changed when subscriptions change, both under the contact centre's
/// lock; the rest under the registry's.
/// </summary>
internal sealed class GenesysChannelState(string id, IssuedToken creator, DateTimeOffset createdAt, DateTimeOffset expires)
{
    private readonly Dictionary<string, (string UserId, GenesysUserTopicParts Parts)> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GenesysUserTopicParts> _wanted = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    public IssuedToken Creator { get; } = creator;

    public string ClientId => Creator.Tenant.ClientId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset Expires { get; set; } = expires;

    /// <summary>Expired, removed as the client's oldest, or deleted with its revoked token: nothing may use it again.</summary>
    public bool Gone { get; set; }

    public ChannelSession? Session { get; set; }

    public ITimer? ExpiryTimer { get; set; }

    public IReadOnlyCollection<string> Topics => _topics.Keys;

    public int TopicCount => _topics.Count;

    /// <summary>A copy of the users the channel holds topics for.</summary>
    public IReadOnlyCollection<string> WatchedUsers => [.. _wanted.Keys];

    /// <summary>Whether an event of <paramref name="part"/> about <paramref name="userId"/> goes to this channel.</summary>
    public bool Wants(string userId, GenesysUserTopicParts part) => _wanted.TryGetValue(userId, out var parts) && (parts & part) != 0;

    public void Add(string topic, string userId, GenesysUserTopicParts parts)
    {
        _topics[topic] = (userId, parts);
        _wanted[userId] = _wanted.GetValueOrDefault(userId) | parts;
    }

    public void Remove(string topic)
    {
        if (_topics.Remove(topic, out var removed))
        {
            _wanted.Remove(removed.UserId);
            foreach (var (_, (userId, parts)) in _topics)
            {
                if (userId == removed.UserId)
                {
                    _wanted[userId] = _wanted.GetValueOrDefault(userId) | parts;
                }
            }
        }
    }

    public void Clear()
    {
        _topics.Clear();
        _wanted.Clear();
    }
}
