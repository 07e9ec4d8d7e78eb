using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Rest;

/// <summary>The authoritative REST snapshots (seed §4): one user, or up to <see cref="BulkSnapshot.MaxIds"/> at once.</summary>
internal static class SnapshotEndpoints
{
    public static void MapSnapshotEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v2/presence/users/{userId}", GetUser);
        app.MapGet("/api/v2/presence/users", GetUsers);
    }

    private static IResult GetUser(HttpContext context, string userId, RestGate gate, ContactCentre centre)
    {
        if (gate.Admit(context).Refusal is { } refusal)
        {
            return refusal;
        }

        return centre.Snapshot(userId) is { } snapshot
            ? Results.Json(snapshot, ProtocolJsonContext.Default.UserSnapshot)
            : Results.Problem($"Unknown user '{userId}'.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary><c>?id=a,b,c</c> (or repeated <c>id</c>); unknown ids are listed in <c>notFound</c>.</summary>
    private static IResult GetUsers(HttpContext context, RestGate gate, ContactCentre centre)
    {
        if (gate.Admit(context).Refusal is { } refusal)
        {
            return refusal;
        }

        var ids = context.Request.Query["id"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count == 0)
        {
            return Results.Problem("Give at least one id: ?id=a,b,c.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (ids.Count > BulkSnapshot.MaxIds)
        {
            return Results.Problem($"At most {BulkSnapshot.MaxIds} ids per request (got {ids.Count}).", statusCode: StatusCodes.Status400BadRequest);
        }

        var users = new List<UserSnapshot>();
        var notFound = new List<string>();
        foreach (var id in ids)
        {
            if (centre.Snapshot(id) is { } snapshot)
            {
                users.Add(snapshot);
            }
            else
            {
                notFound.Add(id);
            }
        }

        return Results.Json(new BulkSnapshot(users, notFound), ProtocolJsonContext.Default.BulkSnapshot);
    }
}
