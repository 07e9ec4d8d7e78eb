using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator.Control;

/// <summary>
/// <c>/emulator/*</c>: the test platform's own surface — ground truth, logs, scripting, the simulation switch, bursts.
/// Faults are in <see cref="FaultEndpoints"/>. Loopback callers only (<see cref="LoopbackOnlyFilter"/>).
/// </summary>
internal static class ControlEndpoints
{
    private const int MaxPage = 10_000;

    public static RouteGroupBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/emulator").AddEndpointFilter<LoopbackOnlyFilter>().DisableAntiforgery();
        control.MapGet("/truth", GetAllTruth);
        control.MapGet("/truth/{agentId}", GetTruth);
        control.MapGet("/agents", GetAgents);
        control.MapPost("/agents/{agentId}/state", SetUserState);
        control.MapPost("/devices/{deviceId}/state", SetDeviceState);
        control.MapGet("/log", GetDeltaLog);
        control.MapGet("/handshakes", GetHandshakes);
        control.MapGet("/corrections", GetCorrections);
        control.MapGet("/simulation", GetSimulation);
        control.MapPost("/simulation/start", StartSimulation);
        control.MapPost("/simulation/stop", StopSimulation);
        control.MapPost("/burst", BurstAsync);
        return control;
    }

    private static IReadOnlyList<AgentTruth> GetAllTruth(ContactCentre centre) => centre.Truth();

    private static IResult GetTruth(string agentId, ContactCentre centre) =>
        centre.Truth(agentId) is { } truth ? Results.Ok(truth) : UnknownId("agent", agentId);

    private static IReadOnlyList<AgentInfo> GetAgents(ContactCentre centre) => centre.Agents;

    private static IResult SetUserState(string agentId, StateChangeRequest request, ContactCentre centre) =>
        Script(() => centre.SetUserState(agentId, request.State, request.Reason), "agent", agentId);

    private static IResult SetDeviceState(string deviceId, StateChangeRequest request, ContactCentre centre) =>
        Script(() => centre.SetDeviceState(deviceId, request.State, request.Reason), "device", deviceId);

    private static LogPage<PresenceStateChange> GetDeltaLog(BoundedLog<PresenceStateChange> log, long offset = 0, int limit = 1000) =>
        log.Read(Math.Max(0, offset), Math.Clamp(limit, 0, MaxPage));

    private static LogPage<HandshakeRecord> GetHandshakes(BoundedLog<HandshakeRecord> log, long offset = 0, int limit = 1000) =>
        log.Read(Math.Max(0, offset), Math.Clamp(limit, 0, MaxPage));

    private static LogPage<ReceivedCorrection> GetCorrections(BoundedLog<ReceivedCorrection> log, long offset = 0, int limit = 1000) =>
        log.Read(Math.Max(0, offset), Math.Clamp(limit, 0, MaxPage));

    private static SimulationStatus GetSimulation(ContactCentre centre, Hosting.PlatformOperations operations) =>
        new(centre.SimulationRunning, centre.Agents.Count, operations.OpenSockets);

    private static SimulationStatus StartSimulation(ContactCentre centre, Hosting.PlatformOperations operations)
    {
        centre.StartSimulation();
        return GetSimulation(centre, operations);
    }

    private static SimulationStatus StopSimulation(ContactCentre centre, Hosting.PlatformOperations operations)
    {
        centre.StopSimulation();
        return GetSimulation(centre, operations);
    }

    private static async Task<IResult> BurstAsync(BurstRequest request, ContactCentre centre, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Count is < 1 or > 100_000_000)
        {
            return Results.Problem("count must be between 1 and 100,000,000.", statusCode: StatusCodes.Status400BadRequest);
        }

        var started = time.GetTimestamp();
        var emitted = await centre.BurstAsync(request.Count, cancellationToken);
        return Results.Ok(new BurstResult(emitted, time.GetElapsedTime(started).TotalSeconds));
    }

    private static IResult Script(Func<IReadOnlyList<PresenceStateChange>> change, string kind, string id)
    {
        try
        {
            return Results.Ok(change());
        }
        catch (KeyNotFoundException)
        {
            return UnknownId(kind, id);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult UnknownId(string kind, string id) =>
        Results.Problem($"Unknown {kind} '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
