using System.Text.Json;
using PresenceGrains.Domain.Genesys;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>The parts a notification and a REST user share: routing status, conversation summary, station.</summary>
internal static class GenesysReadings
{
    private static readonly string[] Media = ["call", "callback", "email", "message", "chat", "socialExpression", "video"];

    public static (GenesysRoutingStatus Status, DateTimeOffset Start)? RoutingStatus(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
        && GenesysRoutingStatuses.Parse(status.GetString()) is { } value
        && NotificationReader.Time(element, "startTime") is { } start
            ? (value, start)
            : null;

    /// <summary>Sums live and after-call-work conversations over every media, contact-centre and enterprise alike.</summary>
    public static ConversationCounts? ConversationCounts(JsonElement summary)
    {
        if (summary.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var counts = Domain.Genesys.ConversationCounts.None;
        foreach (var media in Media)
        {
            if (!summary.TryGetProperty(media, out var mediaSummary) || mediaSummary.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (mediaSummary.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var scope in (ReadOnlySpan<string>)["contactCenter", "enterprise"])
            {
                if (!mediaSummary.TryGetProperty(scope, out var part) || part.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (Count(part, "active") is not { } active || Count(part, "acw") is not { } acw)
                {
                    return null;
                }

                counts = counts.Add(active, acw);
            }
        }

        return counts;
    }

    /// <summary>Whether a station is associated: <c>associatedStation</c> with an id; absent or null, none.</summary>
    public static bool? StationAssociated(JsonElement stations)
    {
        if (stations.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!stations.TryGetProperty("associatedStation", out var associated) || associated.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return associated.ValueKind == JsonValueKind.Object
            && associated.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0
                ? true
                : null;
    }

    private static int? Count(JsonElement part, string name)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty(name, out var value))
        {
            return 0;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 ? count : null;
    }
}
