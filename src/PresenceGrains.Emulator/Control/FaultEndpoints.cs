using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PresenceGrains.Emulator.Hosting;

namespace PresenceGrains.Emulator.Control;

/// <summary>
/// <c>GET /emulator/faults</c> lists what is on; <c>POST /emulator/faults/{name}</c> with a JSON body of settings
/// (or none, for the defaults) switches one on or, for <c>drop-socket</c>, <c>expire-tokens</c> and
/// <c>revoke-tokens</c>, does it now; <c>DELETE</c> switches it off.
/// </summary>
internal static class FaultEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static void MapFaultEndpoints(this RouteGroupBuilder control)
    {
        control.MapGet("/faults", ListFaults);
        control.MapPost("/faults/{name}", SwitchOnAsync);
        control.MapDelete("/faults/{name}", SwitchOff);
    }

    private static IReadOnlyList<ActiveFault> ListFaults(EmulatorFaults faults) => faults.Active();

    private static async Task<IResult> SwitchOnAsync(string name, HttpContext context, EmulatorFaults faults, PlatformOperations operations)
    {
        JsonElement body;
        try
        {
            body = await ReadBodyAsync(context);
        }
        catch (JsonException ex)
        {
            return Results.Problem("Malformed JSON: " + ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (InvalidDataException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var json = EmulatorJsonContext.Default;
        try
        {
            switch (name)
            {
                case FaultNames.Reorder: faults.Reorder = Parse(body, json.ReorderFault); break;
                case FaultNames.Duplicate: faults.Duplicate = Parse(body, json.DuplicateFault); break;
                case FaultNames.Delay: faults.Delay = Parse(body, json.DelayFault); break;
                case FaultNames.StopHeartbeats: faults.StopHeartbeats = true; break;
                case FaultNames.RefuseReconnects: faults.RefuseReconnects = Parse(body, json.RefuseReconnectsFault); break;
                case FaultNames.MalformedFrames: faults.MalformedFrames = Parse(body, json.MalformedFramesFault); break;
                case FaultNames.OversizedFrames: faults.OversizedFrames = Parse(body, json.OversizedFramesFault); break;
                case FaultNames.ChangesWhileDisconnected: faults.ChangesWhileDisconnected = Parse(body, json.ChangesWhileDisconnectedFault); break;
                case FaultNames.UndeclaredProperties: faults.UndeclaredProperties = Parse(body, json.UndeclaredPropertiesFault); break;
                case FaultNames.LoseDeltas: faults.LoseDeltas = Parse(body, json.LoseDeltasFault); break;
                case FaultNames.RateLimit: faults.RateLimit = Parse(body, json.RateLimitFault); break;
                case FaultNames.SocketClosing: operations.SocketClosing(Parse(body, json.SocketClosingFault)); break;
                case FaultNames.ExpireChannels: operations.ExpireChannels(); break;
                case FaultNames.DropSocket: operations.DropSockets(); break;
                case FaultNames.RevokeTokens: operations.RevokeTokens(); break;
                case FaultNames.ExpireTokens:
                    if (Parse(body, json.ExpireTokensFault).LifetimeSeconds is { } lifetime)
                    {
                        faults.TokenLifetimeSeconds = lifetime;
                    }

                    operations.ExpireTokens();
                    break;
                default:
                    return UnknownFault(name);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return Results.Problem($"Bad settings for '{name}': {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Ok(faults.Active());
    }

    private static IResult SwitchOff(string name, EmulatorFaults faults)
    {
        switch (name)
        {
            case FaultNames.Reorder: faults.Reorder = null; break;
            case FaultNames.Duplicate: faults.Duplicate = null; break;
            case FaultNames.Delay: faults.Delay = null; break;
            case FaultNames.StopHeartbeats: faults.StopHeartbeats = false; break;
            case FaultNames.RefuseReconnects: faults.RefuseReconnects = null; break;
            case FaultNames.MalformedFrames: faults.MalformedFrames = null; break;
            case FaultNames.OversizedFrames: faults.OversizedFrames = null; break;
            case FaultNames.ChangesWhileDisconnected: faults.ChangesWhileDisconnected = null; break;
            case FaultNames.ExpireTokens: faults.TokenLifetimeSeconds = null; break;
            case FaultNames.UndeclaredProperties: faults.UndeclaredProperties = null; break;
            case FaultNames.LoseDeltas: faults.LoseDeltas = null; break;
            case FaultNames.RateLimit: faults.RateLimit = null; break;
            case FaultNames.DropSocket or FaultNames.RevokeTokens or FaultNames.SocketClosing or FaultNames.ExpireChannels: break;
            default: return UnknownFault(name);
        }

        return Results.Ok(faults.Active());
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new InvalidDataException($"Fault settings are at most {MaxBodyBytes} bytes.");
        }

        if (buffer.Length == 0)
        {
            return JsonElement.Parse("{}");
        }

        return JsonElement.Parse(buffer.ToArray());
    }

    private static T Parse<T>(JsonElement body, JsonTypeInfo<T> typeInfo) =>
        body.Deserialize(typeInfo) ?? throw new JsonException("The settings must be a JSON object.");

    private static IResult UnknownFault(string name) =>
        Results.Problem($"Unknown fault '{name}'. Known: {string.Join(", ", FaultNames.All)}.", statusCode: StatusCodes.Status404NotFound);
}
