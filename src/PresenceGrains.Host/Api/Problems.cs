namespace PresenceGrains.Host.Api;

/// <summary>RFC 7807 problem answers the API gives.</summary>
public static class Problems
{
    public static IResult BadRequest(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    public static IResult UnknownAgent(string tenant, string agentId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent",
            detail: $"Agent '{agentId}' is not watched in tenant '{tenant}'.");

    public static IResult UnknownDevice(string tenant, string deviceId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device",
            detail: $"Device '{deviceId}' is not watched in tenant '{tenant}', or no agent has reported it yet.");
}
