using PresenceGrains.Emulator.Hosting;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Rest;

/// <summary><c>POST /api/v2/presence/users/{userId}/corrections</c>: the correction event of seed edge case 2, recorded.</summary>
internal static class CorrectionEndpoints
{
    public static void MapCorrectionEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v2/presence/users/{userId}/corrections", PostCorrectionAsync).DisableAntiforgery();

    private static async Task<IResult> PostCorrectionAsync(
        HttpContext context, string userId, RestGate gate, ContactCentre centre, BoundedLog<ReceivedCorrection> corrections, TimeProvider time)
    {
        var (token, refusal) = gate.Admit(context);
        if (token is null)
        {
            return refusal!;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var correction = ValidatedMessage.Read(body.GetBuffer().AsSpan(0, (int)body.Length), SchemaKind.Correction, ProtocolJsonContext.Default.PresenceCorrection, out var problem);
        if (correction is null)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        if (correction.UserId != userId)
        {
            return Results.Problem($"The body's userId must be '{userId}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (centre.Truth(userId) is null)
        {
            return Results.Problem($"Unknown user '{userId}'.", statusCode: StatusCodes.Status404NotFound);
        }

        corrections.Append(new ReceivedCorrection(time.GetUtcNow(), token.Tenant.ClientId, correction));
        return Results.Accepted();
    }
}
