using System.Text;
using System.Text.Json;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// The channel half of the Notifications API over REST: create a channel, set its topics (PUT replaces them, so a
/// retried request cannot add twice). Every call goes through the paced, retrying REST client.
/// </summary>
internal sealed class ChannelsClient(PlatformRestClient rest, GenesysEndpoints endpoints, TimeProvider time)
{
    public async Task<NotificationChannel> CreateAsync(CancellationToken cancellationToken)
    {
        const string operation = "Notification channel creation";
        var createdAt = time.GetUtcNow();
        var body = await rest.SendAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Post, endpoints.Channels) { Content = new StringContent("", Encoding.UTF8, "application/json") },
            notFoundIsAnswer: false,
            cancellationToken).ConfigureAwait(false);
        using var document = GenesysJson.ParseValid(body!, GenesysSchemaKind.Channel, operation);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } channelId
            || !root.TryGetProperty("connectUri", out var uri) || uri.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(uri.GetString(), UriKind.Absolute, out var connectUri) || connectUri.Scheme is not ("ws" or "wss"))
        {
            throw new PlatformRequestException($"{operation}: the answer needs an id and an absolute ws(s) connectUri.");
        }

        return new NotificationChannel(channelId, connectUri, NotificationReader.Time(root, "expires"), createdAt);
    }

    /// <summary>Sets the channel's topics to exactly <paramref name="topics"/>; throws when Genesys rejects any.</summary>
    public async Task SubscribeAsync(NotificationChannel channel, IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        const string operation = "Notification subscription";
        var payload = JsonSerializer.SerializeToUtf8Bytes(topics.Select(t => new Dictionary<string, string> { ["id"] = t }).ToList());
        var body = await rest.SendAsync(
            operation,
            () => new HttpRequestMessage(HttpMethod.Put, endpoints.Subscriptions(channel.Id))
            {
                Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") } },
            },
            notFoundIsAnswer: false,
            cancellationToken).ConfigureAwait(false);
        using var document = GenesysJson.ParseValid(body!, GenesysSchemaKind.TopicListing, operation);
        if (!document.RootElement.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
        {
            throw new PlatformRequestException($"{operation}: the answer needs an entities array.");
        }

        var permitted = 0;
        var rejected = new List<string>();
        foreach (var topic in entities.EnumerateArray())
        {
            var state = topic.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : "Permitted";
            if (state == "Rejected")
            {
                var reason = topic.TryGetProperty("rejectionReason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : "no reason given";
                rejected.Add($"{(topic.TryGetProperty("id", out var t) ? t.ToString() : "?")} ({reason})");
            }
            else
            {
                permitted++;
            }
        }

        if (rejected.Count > 0)
        {
            // A rejected topic is a missing permission or an unknown user: retrying will not fix it, and following the
            // others silently would leave those agents frozen.
            throw new PlatformRequestException(
                $"{operation}: Genesys rejected {rejected.Count} of {topics.Count} topics, e.g. {string.Join("; ", rejected.Take(3))}. "
                + "Check the OAuth client's roles (presence, routing status, conversation and station view) and the user ids.");
        }

        if (permitted < topics.Count)
        {
            throw new PlatformRequestException($"{operation}: Genesys confirmed {permitted} of {topics.Count} topics.");
        }
    }
}
