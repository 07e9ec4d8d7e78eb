using System.Text.Json;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Platform.Rest;
using GenesysSchemaKind = PresenceGrains.Protocol.Genesys.GenesysSchemaKind;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>Reads the bulk users answer (<c>{"entities":[user…]}</c>) into one reading per user; a malformed user fails it.</summary>
internal static class UsersAnswer
{
    public static IReadOnlyList<GenesysAgentReading> Read(byte[] body, DateTimeOffset readAt, string operation)
    {
        using (var document = GenesysJson.ParseValid(body, GenesysSchemaKind.UserListing, operation))
        {
            if (!document.RootElement.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
            {
                throw new PlatformRequestException($"{operation}: the answer needs an entities array.");
            }

            return entities.EnumerateArray().Select(user => Reading(user, readAt, operation)).ToList();
        }
    }

    private static GenesysAgentReading Reading(JsonElement user, DateTimeOffset readAt, string operation)
    {
        if (user.ValueKind != JsonValueKind.Object || !user.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            throw new PlatformRequestException($"{operation}: a user without an id.");
        }

        var id = idElement.GetString()!;
        GenesysSystemPresence? presence = null;
        DateTimeOffset? modified = null;
        if (user.TryGetProperty("presence", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            presence = p.TryGetProperty("presenceDefinition", out var definition) && definition.ValueKind == JsonValueKind.Object
                && definition.TryGetProperty("systemPresence", out var system) && system.ValueKind == JsonValueKind.String
                ? GenesysSystemPresences.Parse(system.GetString())
                : null;
            modified = NotificationReader.Time(p, "modifiedDate");
            if (presence is null || modified is null)
            {
                throw new PlatformRequestException($"{operation}: user '{id}' has a presence without a known systemPresence and a modifiedDate.");
            }
        }

        (GenesysRoutingStatus Status, DateTimeOffset Start)? routing = null;
        if (user.TryGetProperty("routingStatus", out var r) && r.ValueKind == JsonValueKind.Object)
        {
            routing = GenesysReadings.RoutingStatus(r)
                ?? throw new PlatformRequestException($"{operation}: user '{id}' has a routing status without a known status and a startTime.");
        }

        ConversationCounts? counts = null;
        if (user.TryGetProperty("conversationSummary", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            counts = GenesysReadings.ConversationCounts(c)
                ?? throw new PlatformRequestException($"{operation}: user '{id}' has a conversation summary with bad counts.");
        }

        var station = user.TryGetProperty("station", out var s) && s.ValueKind == JsonValueKind.Object
            && (GenesysReadings.StationAssociated(s) ?? throw new PlatformRequestException($"{operation}: user '{id}' has a bad station."));
        return new GenesysAgentReading(id, presence, modified, routing?.Status, routing?.Start, counts, station, readAt);
    }
}
