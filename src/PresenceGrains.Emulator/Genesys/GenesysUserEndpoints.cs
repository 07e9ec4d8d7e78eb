using System.Globalization;
using PresenceGrains.Protocol.Genesys;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// The snapshots a Genesys client reads under the API base: users by id with their presence, routing status,
/// conversation summary and station expanded (paged as Genesys pages: <c>pageSize</c> 25 unless asked, at most 500),
/// bulk presence, and one user's routing status. Unknown ids are left out, as Genesys does.
/// </summary>
internal static class GenesysUserEndpoints
{
    public const int MaxUserIds = 100;
    public const int MaxBulkPresenceIds = 50;
    private const int DefaultPageSize = 25;
    private const int MaxPageSize = 500;

    public static void MapGenesysUserEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(GenesysChannelEndpoints.ApiBase + "/api/v2/users");
        api.MapGet("", GetUsers);
        api.MapGet("/presences/purecloud/bulk", GetBulkPresence);
        api.MapGet("/{userId}/routingstatus", GetRoutingStatus);
    }

    private static IResult GetUsers(HttpContext context, GenesysApiGate gate, GenesysUserReader reader)
    {
        if (gate.Admit(context).Refusal is { } refusal)
        {
            return refusal;
        }

        var query = context.Request.Query;
        var ids = Ids(query["id"]);
        if (ids.Count > MaxUserIds)
        {
            return GenesysErrors.BadRequest($"At most {MaxUserIds} ids per request (got {ids.Count}).");
        }

        if (!TryNumber(query["pageSize"], DefaultPageSize, 1, MaxPageSize, out var pageSize) || !TryNumber(query["pageNumber"], 1, 1, int.MaxValue, out var pageNumber))
        {
            return GenesysErrors.BadRequest($"pageSize must be 1 to {MaxPageSize} and pageNumber at least 1.");
        }

        var expand = Expansions(query["expand"]);
        var users = reader.Users(ids, expand);
        var page = users.Skip((int)Math.Min(int.MaxValue, (long)(pageNumber - 1) * pageSize)).Take(pageSize).ToList();
        var pageCount = (users.Count + pageSize - 1) / pageSize;
        return Results.Json(new GenesysUserListing(page, pageSize, pageNumber, users.Count, pageCount), GenesysJsonContext.Default.GenesysUserListing);
    }

    private static IResult GetBulkPresence(HttpContext context, GenesysApiGate gate, GenesysUserReader reader)
    {
        if (gate.Admit(context).Refusal is { } refusal)
        {
            return refusal;
        }

        var ids = Ids(context.Request.Query["id"]);
        if (ids.Count is 0 or > MaxBulkPresenceIds)
        {
            return GenesysErrors.BadRequest($"Give 1 to {MaxBulkPresenceIds} ids (got {ids.Count}).");
        }

        return Results.Json(reader.Presences(ids), GenesysJsonContext.Default.IReadOnlyListGenesysUserPresence);
    }

    private static IResult GetRoutingStatus(string userId, HttpContext context, GenesysApiGate gate, GenesysUserReader reader)
    {
        if (gate.Admit(context).Refusal is { } refusal)
        {
            return refusal;
        }

        return reader.Users([userId], GenesysUserTopicParts.RoutingStatus) is [{ RoutingStatus: { } status }]
            ? Results.Json(status, GenesysJsonContext.Default.GenesysRoutingStatus)
            : GenesysErrors.NotFound($"User '{userId}'");
    }

    /// <summary><c>?id=a,b,c</c> or repeated <c>id</c>, each once, in the order given.</summary>
    private static List<string> Ids(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    /// <summary>The parts an <c>expand</c> names (others, like <c>groups</c>, are ignored here).</summary>
    private static GenesysUserTopicParts Expansions(Microsoft.Extensions.Primitives.StringValues values)
    {
        var parts = GenesysUserTopicParts.None;
        foreach (var name in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            parts |= name.ToLowerInvariant() switch
            {
                "presence" => GenesysUserTopicParts.Presence,
                "routingstatus" => GenesysUserTopicParts.RoutingStatus,
                "conversationsummary" => GenesysUserTopicParts.ConversationSummary,
                "station" => GenesysUserTopicParts.Station,
                _ => GenesysUserTopicParts.None,
            };
        }

        return parts;
    }

    private static bool TryNumber(Microsoft.Extensions.Primitives.StringValues value, int fallback, int min, int max, out int number)
    {
        number = fallback;
        return value.Count == 0 || (int.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= min && number <= max);
    }
}
