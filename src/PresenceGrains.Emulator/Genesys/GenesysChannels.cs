using PresenceGrains.Emulator.OAuth;
using PresenceGrains.Emulator.Simulation;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// Every notification channel, by id and by OAuth client: creation (a client's channel beyond
/// <see cref="GenesysOptions.MaxChannelsPerClient"/> removes its oldest), subscriptions (at most
/// <see cref="GenesysOptions.MaxTopicsPerChannel"/> topics; each renews the channel's lifetime), expiry and deletion.
/// </summary>
internal sealed partial class GenesysChannels(EmulatorOptions options, CentreState centre, TimeProvider time, ILogger<GenesysChannels> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, GenesysChannelState> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GenesysChannelState>> _byClient = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>A new channel for the token's client; its oldest goes when the client already holds the maximum.</summary>
    public GenesysChannelState Create(IssuedToken token)
    {
        var now = time.GetUtcNow();
        var channel = new GenesysChannelState("streaming-" + Guid.NewGuid().ToString("N"), token, now, now + options.Genesys.ChannelLifetime);
        GenesysChannelState? oldest = null;
        lock (_gate)
        {
            var owned = _byClient.TryGetValue(channel.ClientId, out var list) ? list : _byClient[channel.ClientId] = [];
            if (owned.Count >= options.Genesys.MaxChannelsPerClient)
            {
                oldest = owned[0];
                RemoveLocked(oldest);
            }

            owned.Add(channel);
            _byId.Add(channel.Id, channel);
            channel.ExpiryTimer = time.CreateTimer(OnExpiryDue, channel, options.Genesys.ChannelLifetime, Timeout.InfiniteTimeSpan);
        }

        if (oldest is not null)
        {
            LogRemovedOldest(logger, oldest.Id, oldest.ClientId);
            oldest.Session?.EndGenesys(GenesysFrames.NoLongerSubscribed(oldest), Channel.SessionEnd.ChannelGone, System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "no longer subscribed");
        }

        return channel;
    }

    /// <summary>The channel, when it exists, has not expired, and belongs to <paramref name="clientId"/> (any client when null).</summary>
    public GenesysChannelState? Find(string id, string? clientId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var channel) && !channel.Gone && (clientId is null || channel.ClientId == clientId) ? channel : null;
        }
    }

    /// <summary>
    /// Makes <paramref name="session"/> the channel's socket; returns the one it replaces (to be closed), and false
    /// when the channel is gone.
    /// </summary>
    public bool TryAttach(GenesysChannelState channel, Channel.ChannelSession session, out Channel.ChannelSession? replaced)
    {
        lock (_gate)
        {
            replaced = channel.Session;
            if (channel.Gone)
            {
                return false;
            }

            channel.Session = session;
            return true;
        }
    }

    /// <summary>Forgets <paramref name="session"/> as the channel's socket, unless a newer one took its place.</summary>
    public void Detach(GenesysChannelState channel, Channel.ChannelSession session)
    {
        lock (_gate)
        {
            if (channel.Session == session)
            {
                channel.Session = null;
            }
        }
    }

    /// <summary>The client's live channels, oldest first.</summary>
    public IReadOnlyList<GenesysChannelState> ListFor(string clientId)
    {
        lock (_gate)
        {
            return _byClient.TryGetValue(clientId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>
    /// Changes a channel's topics: replaces them, adds to them, or removes them. Refused whole (nothing changes) when
    /// the channel would hold more than the limit. Decided under the lock events are published under, so every event
    /// for a permitted topic emitted after the answer reaches the channel.
    /// </summary>
    public SubscribeOutcome Subscribe(GenesysChannelState channel, IReadOnlyList<string> topics, SubscribeMode mode)
    {
        lock (centre.Gate)
        {
            var accepted = new List<(string Topic, string UserId, GenesysUserTopicParts Parts)>();
            var rejected = new List<GenesysChannelTopic>();
            foreach (var topic in topics.Distinct(StringComparer.Ordinal))
            {
                if (mode == SubscribeMode.Remove)
                {
                    accepted.Add((topic, "", GenesysUserTopicParts.None));
                }
                else if (!GenesysTopics.TryParseUserTopic(topic, out var userId, out var parts))
                {
                    rejected.Add(new GenesysChannelTopic(topic, GenesysTopicStates.Rejected, "Topic not supported"));
                }
                else if (centre.FindAgent(userId) is null)
                {
                    rejected.Add(new GenesysChannelTopic(topic, GenesysTopicStates.Rejected, "User not found"));
                }
                else
                {
                    accepted.Add((topic, userId, parts));
                }
            }

            var existing = mode == SubscribeMode.Replace ? [] : channel.Topics.ToHashSet(StringComparer.Ordinal);
            var after = mode == SubscribeMode.Remove
                ? existing.Except(accepted.Select(a => a.Topic)).Count()
                : existing.Union(accepted.Select(a => a.Topic)).Count();
            if (after > options.Genesys.MaxTopicsPerChannel)
            {
                return new SubscribeOutcome(null, $"A channel holds at most {options.Genesys.MaxTopicsPerChannel} topics; this request would make it {after}.");
            }

            if (mode == SubscribeMode.Replace)
            {
                channel.Clear();
            }

            foreach (var (topic, userId, parts) in accepted)
            {
                if (mode == SubscribeMode.Remove)
                {
                    channel.Remove(topic);
                }
                else
                {
                    channel.Add(topic, userId, parts);
                }
            }

            if (mode != SubscribeMode.Remove)
            {
                Renew(channel);
            }

            return new SubscribeOutcome([.. channel.Topics.Select(t => new GenesysChannelTopic(t, GenesysTopicStates.Permitted)), .. rejected], null);
        }
    }

    /// <summary>The users the channel holds topics for.</summary>
    public IReadOnlyCollection<string> WatchedAgents(GenesysChannelState channel)
    {
        lock (centre.Gate)
        {
            return channel.WatchedUsers;
        }
    }

    /// <summary>The channel's topics as the subscriptions listing shows them.</summary>
    public IReadOnlyList<GenesysChannelTopic> TopicsOf(GenesysChannelState channel)
    {
        lock (centre.Gate)
        {
            return [.. channel.Topics.Select(t => new GenesysChannelTopic(t, GenesysTopicStates.Permitted))];
        }
    }

    /// <summary>Every channel expires now (the <c>expire-channels</c> fault).</summary>
    public void ExpireAll()
    {
        List<GenesysChannelState> all;
        lock (_gate)
        {
            all = [.. _byId.Values];
        }

        foreach (var channel in all)
        {
            Expire(channel);
        }
    }

    /// <summary>Deletes every channel created with a revoked token; its socket hears <c>v2.system.token_revoked</c> and closes.</summary>
    public void RemoveRevoked()
    {
        List<GenesysChannelState> revoked;
        lock (_gate)
        {
            revoked = [.. _byId.Values.Where(c => c.Creator.Revoked)];
            foreach (var channel in revoked)
            {
                RemoveLocked(channel);
            }
        }

        foreach (var channel in revoked)
        {
            channel.Session?.EndGenesys(GenesysFrames.TokenRevoked(channel), Channel.SessionEnd.TokenInvalid, System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "token revoked");
        }
    }

    private void Renew(GenesysChannelState channel)
    {
        lock (_gate)
        {
            channel.Expires = time.GetUtcNow() + options.Genesys.ChannelLifetime;
            channel.ExpiryTimer?.Change(options.Genesys.ChannelLifetime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnExpiryDue(object? state)
    {
        var channel = (GenesysChannelState)state!;
        var remaining = channel.Expires - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            Expire(channel);
            return;
        }

        // A timer may fire a little before the wall clock says it is due (they keep different clocks): look again then.
        lock (_gate)
        {
            if (!channel.Gone)
            {
                channel.ExpiryTimer?.Change(remaining + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Expire(GenesysChannelState channel)
    {
        lock (_gate)
        {
            if (channel.Gone)
            {
                return;
            }

            RemoveLocked(channel);
        }

        LogExpired(logger, channel.Id, channel.ClientId);
        channel.Session?.EndGenesys(GenesysFrames.ChannelExpired(), Channel.SessionEnd.ChannelGone, System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "channel expired");
    }

    private void RemoveLocked(GenesysChannelState channel)
    {
        channel.Gone = true;
        channel.ExpiryTimer?.Dispose();
        _byId.Remove(channel.Id);
        if (_byClient.TryGetValue(channel.ClientId, out var list))
        {
            list.Remove(channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Genesys channel {ChannelId} of {ClientId} removed: the client created one more than it may hold")]
    private static partial void LogRemovedOldest(ILogger logger, string channelId, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Genesys channel {ChannelId} of {ClientId} expired")]
    private static partial void LogExpired(ILogger logger, string channelId, string clientId);
}

/// <summary>How a subscriptions call changes a channel's topics.</summary>
internal enum SubscribeMode
{
    Replace,
    Add,
    Remove,
}

/// <summary>The topics after a subscriptions call (Permitted, then this call's Rejected ones), or why it was refused.</summary>
internal sealed record SubscribeOutcome(IReadOnlyList<GenesysChannelTopic>? Topics, string? Refusal);
