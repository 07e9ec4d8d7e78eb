using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Platform.SeedProtocol;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Corrections;

/// <summary>
/// Sends presence corrections after a reconnect (seed edge case 2). Every correction is checked against the schema
/// before the first is sent, so bad input changes nothing at the platform.
/// </summary>
internal sealed class CorrectionSender(PlatformRestClient rest, PlatformEndpoints endpoints, PlatformOptions options)
{
    public async Task SendAsync(IReadOnlyCollection<CorrectionRequest> corrections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        var payloads = corrections.Select(Build).ToList();

        var failed = new List<string>();
        PlatformRequestException? last = null;
        foreach (var (agentId, payload) in payloads)
        {
            try
            {
                await rest.SendAsync("Presence correction", () => Post(agentId, payload), false, cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformRequestException ex)
            {
                // One agent's failure must not keep the others' corrections from the platform.
                failed.Add(agentId);
                last = ex;
            }
        }

        if (last is not null)
        {
            throw new PlatformRequestException(
                $"Presence corrections for tenant '{options.TenantId}' failed for {failed.Count} of {payloads.Count} agents " +
                $"({string.Join(", ", failed.Take(10))}{(failed.Count > 10 ? ", …" : string.Empty)}): {last.Message}",
                last.StatusCode);
        }
    }

    /// <summary>The wire correction; <c>durationMs</c> is the exact window in whole milliseconds.</summary>
    internal static PresenceCorrection ToWire(CorrectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ReconnectedAt < request.DisconnectedAt)
        {
            throw new ArgumentException($"The correction for '{request.AgentId}' ends before it starts.", nameof(request));
        }

        var durationMs = (request.ReconnectedAt - request.DisconnectedAt).Ticks / TimeSpan.TicksPerMillisecond;
        return new PresenceCorrection(
            request.AgentId,
            UserState(request.State),
            request.DisconnectedAt,
            request.ReconnectedAt,
            durationMs,
            request.Reason,
            CorrelationId(request));
    }

    private static (string AgentId, byte[] Payload) Build(CorrectionRequest request)
    {
        var correction = ToWire(request);
        var payload = JsonSerializer.SerializeToUtf8Bytes(correction, ProtocolJsonContext.Default.PresenceCorrection);
        using var document = JsonDocument.Parse(payload);
        var validation = ProtocolSchemas.Validate(SchemaKind.Correction, document.RootElement);
        return validation.IsValid
            ? (request.AgentId, payload)
            : throw new ArgumentException($"The correction for '{request.AgentId}' is invalid, nothing was sent: {validation.Describe()}", nameof(request));
    }

    private HttpRequestMessage Post(string agentId, byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, endpoints.Corrections(agentId)) { Content = content };
    }

    /// <summary>The same correction always gets the same id, so a retried POST can be recognised as a repeat.</summary>
    private static string CorrelationId(CorrectionRequest request)
    {
        var key = $"{request.AgentId}|{request.DisconnectedAt.UtcTicks}|{request.ReconnectedAt.UtcTicks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    private static string UserState(PresenceLevel level) => level switch
    {
        PresenceLevel.Offline => "offline",
        PresenceLevel.Available => "available",
        PresenceLevel.NotReady => "notReady",
        PresenceLevel.WrapUp => "wrapUp",
        PresenceLevel.OnCall => "onCall",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown presence level."),
    };
}
