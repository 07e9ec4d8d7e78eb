using System.Text.Json;
using PresenceGrains.Domain.Resolution;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Rest;
using PresenceGrains.Protocol;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.Channel;

/// <summary>
/// Parses one text frame, validates it against the protocol's JSON Schema for its <c>eventType</c>, and maps it to the
/// Domain. Nothing invalid gets past: it comes back as a <see cref="RejectedFrame"/> for the caller to count and skip.
/// Properties the schema does not declare are no reason to refuse a frame: they are set aside and told to
/// <c>undeclared</c>.
/// </summary>
internal static class FrameDecoder
{
    public static DecodedFrame Decode(ReadOnlyMemory<byte> utf8, UndeclaredPropertyLog? undeclared = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, ValidatedJson.DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new RejectedFrame(FrameRejection.Malformed, SecretRedactor.Describe(ex));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("eventType", out var eventType)
                || eventType.ValueKind != JsonValueKind.String)
            {
                return SchemaInvalid("the frame is not an object with a string eventType");
            }

            return eventType.GetString() switch
            {
                PresenceStateChange.Type => Read(root, SchemaKind.PresenceStateChange, ProtocolJsonContext.Default.PresenceStateChange, ToDelta, undeclared),
                Heartbeat.Type => Read(root, SchemaKind.Heartbeat, ProtocolJsonContext.Default.Heartbeat, h => new HeartbeatFrame(h.Timestamp), undeclared),
                Subscribed.Type => Read(root, SchemaKind.Subscribed, ProtocolJsonContext.Default.Subscribed, s => new SubscribedFrame(s.Users, s.Devices, s.Timestamp), undeclared),
                ErrorFrame.Type => Read(root, SchemaKind.ErrorFrame, ProtocolJsonContext.Default.ErrorFrame, e => new ErrorFrameReceived(e.Code, SecretRedactor.Redact(e.Message)), undeclared),
                var other => SchemaInvalid($"unknown eventType '{SecretRedactor.Redact(Truncate(other))}'"),
            };
        }
    }

    private static DecodedFrame Read<T>(
        JsonElement root, SchemaKind kind, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Func<T, DecodedFrame> map, UndeclaredPropertyLog? undeclared)
    {
        if (!ValidatedJson.TryRead(root, kind, type, out var message, out var problem, out var found))
        {
            return SchemaInvalid($"{kind}: {problem}");
        }

        var frame = map(message);
        if (found.Count > 0 && frame is not RejectedFrame)
        {
            undeclared?.Saw(kind, found);
        }

        return frame;
    }

    private static DecodedFrame ToDelta(PresenceStateChange change)
    {
        if (change.CompositeState.UserId != change.UserId)
        {
            return SchemaInvalid("the compositeState belongs to another user than the delta");
        }

        // Both states passed the schema's enum, which is exactly the set the Domain parses.
        var signal = SignalClaims.Parse(change.State)!.Value;
        var composite = SignalClaims.Claim(SignalClaims.Parse(change.CompositeState.State)!.Value);
        return new DeltaFrame(
            new PresenceDelta(change.UserId, change.DeviceId, signal, change.LastUpdated, change.Reason), composite, change.CompositeState.DeviceStates);
    }

    private static RejectedFrame SchemaInvalid(string problem) => new(FrameRejection.SchemaInvalid, problem);

    private static string Truncate(string? text) => text is { Length: > 64 } ? text[..64] + "…" : text ?? string.Empty;
}
