using System.Text.Json;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// The Notifications API under the API base <c>/genesys/api</c>: channels (create, list, check) and their
/// subscriptions (replace, add, list, remove all). A channel is visible only to the OAuth client that created it.
/// </summary>
internal static class GenesysChannelEndpoints
{
    public const string ApiBase = "/genesys/api";
    public const string StreamingPath = "/genesys/streaming/channels";
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapGenesysChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiBase + "/api/v2/notifications/channels");
        api.MapPost("", CreateChannel);
        api.MapGet("", ListChannels);
        api.MapMethods("/{channelId}", [HttpMethods.Head], CheckChannel);
        api.MapPut("/{channelId}/subscriptions", (string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels) =>
            SubscribeAsync(channelId, context, gate, channels, SubscribeMode.Replace));
        api.MapPost("/{channelId}/subscriptions", (string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels) =>
            SubscribeAsync(channelId, context, gate, channels, SubscribeMode.Add));
        api.MapGet("/{channelId}/subscriptions", ListSubscriptions);
        api.MapDelete("/{channelId}/subscriptions", DeleteSubscriptions);
    }

    private static IResult CreateChannel(HttpContext context, GenesysApiGate gate, GenesysChannels channels)
    {
        var (token, refusal) = gate.Admit(context);
        return token is null ? refusal! : Results.Json(Describe(channels.Create(token), context), GenesysJsonContext.Default.GenesysChannel);
    }

    private static IResult ListChannels(HttpContext context, GenesysApiGate gate, GenesysChannels channels)
    {
        var (token, refusal) = gate.Admit(context);
        return token is null
            ? refusal!
            : Results.Json(new GenesysChannelListing([.. channels.ListFor(token.Tenant.ClientId).Select(c => Describe(c, context))]), GenesysJsonContext.Default.GenesysChannelListing);
    }

    private static IResult CheckChannel(string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels) =>
        Owned(channelId, context, gate, channels, out _) ?? Results.Ok();

    private static async Task<IResult> SubscribeAsync(string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels, SubscribeMode mode)
    {
        if (Owned(channelId, context, gate, channels, out var channel) is { } refusal)
        {
            return refusal;
        }

        IReadOnlyList<GenesysChannelTopic>? requested;
        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length > MaxBodyBytes)
            {
                return GenesysErrors.Result(StatusCodes.Status413PayloadTooLarge, "request.entity.too.large", $"The body is at most {MaxBodyBytes} bytes.");
            }

            requested = JsonSerializer.Deserialize(body.ToArray(), GenesysJsonContext.Default.IReadOnlyListGenesysChannelTopic);
        }
        catch (JsonException ex)
        {
            return GenesysErrors.BadRequest("The body must be a JSON array of {\"id\": topic}: " + ex.Message);
        }

        if (requested is null || requested.Any(t => string.IsNullOrWhiteSpace(t?.Id)))
        {
            return GenesysErrors.BadRequest("The body must be a JSON array of {\"id\": topic}, each id a topic name.");
        }

        var outcome = channels.Subscribe(channel!, [.. requested.Select(t => t.Id)], mode);
        return outcome.Topics is { } topics
            ? Results.Json(new GenesysChannelTopicListing(topics), GenesysJsonContext.Default.GenesysChannelTopicListing)
            : GenesysErrors.BadRequest(outcome.Refusal!);
    }

    private static IResult ListSubscriptions(string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels) =>
        Owned(channelId, context, gate, channels, out var channel)
        ?? Results.Json(new GenesysChannelTopicListing(channels.TopicsOf(channel!)), GenesysJsonContext.Default.GenesysChannelTopicListing);

    private static IResult DeleteSubscriptions(string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels)
    {
        if (Owned(channelId, context, gate, channels, out var channel) is { } refusal)
        {
            return refusal;
        }

        channels.Subscribe(channel!, [.. channels.TopicsOf(channel!).Select(t => t.Id)], SubscribeMode.Remove);
        return Results.NoContent();
    }

    /// <summary>Admits the call and finds the caller's channel; the refusal (401, 429, 404) otherwise.</summary>
    private static IResult? Owned(string channelId, HttpContext context, GenesysApiGate gate, GenesysChannels channels, out GenesysChannelState? channel)
    {
        channel = null;
        var (token, refusal) = gate.Admit(context);
        if (token is null)
        {
            return refusal;
        }

        channel = channels.Find(channelId, token.Tenant.ClientId);
        return channel is null ? GenesysErrors.NotFound($"Channel '{channelId}'") : null;
    }

    private static GenesysChannel Describe(GenesysChannelState channel, HttpContext context)
    {
        var request = context.Request;
        var scheme = request.Scheme == "https" ? "wss" : "ws";
        return new GenesysChannel($"{scheme}://{request.Host}{StreamingPath}/{channel.Id}", channel.Id, channel.Expires);
    }
}
