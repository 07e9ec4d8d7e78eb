using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Orleans.Streams;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.History;
using PresenceGrains.Grains.Telemetry;
using PresenceGrains.Host.Api;
using PresenceGrains.Host.Auth;
using PresenceGrains.Platform.Telemetry;

namespace PresenceGrains.Host.Feed;

/// <summary>
/// <c>GET /api/tenants/{tenant}/events</c>: Server-Sent Events of every published change, each with its feed id. A client
/// that reconnects with <c>Last-Event-ID</c> first gets everything it missed from history, in order, then the live feed,
/// with nothing twice: the live subscription starts before the replay, and ids already sent are skipped. A live event
/// that skips ids (the stream's delivery moved with a lost silo) is preceded by the skipped ones, read from history.
/// </summary>
public static partial class FeedEndpoint
{
    /// <summary>Live events a slow client may have pending before it is disconnected (it resumes from history).</summary>
    public const int MaxPendingPerClient = 10_000;

    private const int ReplayPage = 1000;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void MapPresenceFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/tenants/{tenant}/events", StreamAsync)
            .RequireAuthorization(PresenceScopes.ReadPolicy)
            .AddEndpointFilter<TenantAccessFilter>()
            .WithName("PresenceEvents")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(
        HttpContext http, string tenant, IClusterClient client, IPresenceHistory history, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("PresenceGrains.Feed");
        var resumeAfter = ReadLastEventId(http.Request);
        if (resumeAfter is < 0)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { title = "Bad Last-Event-ID", status = 400 }, cancellationToken);
            return;
        }

        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";

        var pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(MaxPendingPerClient)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        var overflowed = false;
        var provider = client.GetStreamProvider(PresenceStreams.Provider);
        var feed = provider.GetStream<PresenceEvent>(StreamId.Create(PresenceStreams.FeedNamespace, tenant));
        var channel = provider.GetStream<ChannelHealth>(StreamId.Create(PresenceStreams.ChannelNamespace, tenant));
        var feedHandle = await feed.SubscribeAsync((e, _) =>
        {
            // The stream restored the recorder's request context for this event: its span is what the send continues.
            if (!pending.Writer.TryWrite(new Pending(e, StreamTraceContext.Extract())))
            {
                overflowed = true;
                pending.Writer.TryComplete();
            }

            return Task.CompletedTask;
        });
        var channelHandle = await channel.SubscribeAsync((h, _) =>
        {
            pending.Writer.TryWrite(new Pending(h, default));
            return Task.CompletedTask;
        });

        try
        {
            await http.Response.WriteAsync(": presence feed\nretry: 2000\n\n", cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
            var lastSent = resumeAfter ?? long.MaxValue;
            if (resumeAfter is { } after)
            {
                lastSent = await ReplayAsync(http, history, tenant, after, cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                Pending item;
                try
                {
                    if (!await pending.Reader.WaitToReadAsync(wait.Token))
                    {
                        break;
                    }

                    item = await pending.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (item.Item is PresenceEvent presenceEvent)
                {
                    // A live client started without Last-Event-ID takes the feed from its first live event.
                    if (lastSent != long.MaxValue && presenceEvent.Id <= lastSent)
                    {
                        continue;
                    }

                    // A live event ahead of one it follows: the feed stream's delivery moved with a lost silo and an earlier
                    // event comes late, or not at all. What lies between is in history (stored before it was published):
                    // sent from there, so the client never sees a gap, and the late one is skipped as already sent.
                    if (lastSent != long.MaxValue && presenceEvent.Id > lastSent + 1)
                    {
                        lastSent = await ReplayAsync(http, history, tenant, lastSent, cancellationToken);
                        if (presenceEvent.Id <= lastSent)
                        {
                            continue;
                        }
                    }

                    using (StartSend(item.Trace, presenceEvent.Id))
                    {
                        await WriteEventAsync(http, presenceEvent, cancellationToken);
                    }

                    lastSent = presenceEvent.Id;
                }
                else if (item.Item is ChannelHealth health)
                {
                    await WriteChannelAsync(http, health, cancellationToken);
                }
            }

            if (overflowed)
            {
                LogOverflow(logger, tenant);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await feedHandle.UnsubscribeAsync();
            await channelHandle.UnsubscribeAsync();
        }
    }

    private static async Task<long> ReplayAsync(HttpContext http, IPresenceHistory history, string tenant, long after, CancellationToken cancellationToken)
    {
        var lastSent = after;
        while (true)
        {
            var page = await history.ReadFeedAsync(tenant, lastSent, ReplayPage, cancellationToken);
            foreach (var presenceEvent in page)
            {
                await WriteEventAsync(http, presenceEvent, cancellationToken);
                lastSent = presenceEvent.Id;
            }

            if (page.Count < ReplayPage)
            {
                return lastSent;
            }
        }
    }

    private static async Task WriteEventAsync(HttpContext http, PresenceEvent presenceEvent, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(presenceEvent.Presence, ApiJson.Options);
        await http.Response.WriteAsync($"id: {presenceEvent.Id}\nevent: presence\ndata: {json}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteChannelAsync(HttpContext http, ChannelHealth health, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(health, ApiJson.Options);
        await http.Response.WriteAsync($"event: channel\ndata: {json}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>The send of one event: in the trace of the change it carries, linked to the client's request.</summary>
    private static Activity? StartSend(ActivityContext feedEvent, long feedId)
    {
        var request = Activity.Current;
        var span = feedEvent == default || request is null
            ? PresenceTelemetry.Start(PresenceTelemetry.FeedSendSpan, ActivityKind.Producer)
            : PresenceTelemetry.Start(PresenceTelemetry.FeedSendSpan, ActivityKind.Producer, feedEvent, [new ActivityLink(request.Context)]);
        span?.SetTag(TelemetryTags.FeedId, feedId);
        return span;
    }

    private static long? ReadLastEventId(HttpRequest request)
    {
        var raw = request.Headers["Last-Event-ID"].FirstOrDefault() ?? request.Query["lastEventId"].FirstOrDefault();
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1;
    }

    /// <summary>A live item waiting for the client, with the span of the feed event it came from.</summary>
    private readonly record struct Pending(object Item, ActivityContext Trace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live feed client of tenant {TenantId} fell more than the pending bound behind and was disconnected; it resumes from history")]
    private static partial void LogOverflow(ILogger logger, string tenantId);
}
