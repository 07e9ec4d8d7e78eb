using System.Text.Json;

namespace PresenceGrains.Protocol;

/// <summary>
/// The protocol's JSON Schemas, loaded once from the embedded <c>Schemas/*.schema.json</c> files, and validation against
/// them. Both sides of the wire use these same files.
/// </summary>
public static class ProtocolSchemas
{
    internal static readonly SchemaSet<SchemaKind> Set = new(
        new Dictionary<SchemaKind, string>
        {
            [SchemaKind.TokenResponse] = "token-response.schema.json",
            [SchemaKind.OAuthError] = "oauth-error.schema.json",
            [SchemaKind.Subscription] = "subscription.schema.json",
            [SchemaKind.PresenceStateChange] = "presence-state-change.schema.json",
            [SchemaKind.Heartbeat] = "heartbeat.schema.json",
            [SchemaKind.Subscribed] = "subscribed.schema.json",
            [SchemaKind.ErrorFrame] = "error-frame.schema.json",
            [SchemaKind.UserSnapshot] = "user-snapshot.schema.json",
            [SchemaKind.BulkSnapshot] = "bulk-snapshot.schema.json",
            [SchemaKind.Correction] = "correction.schema.json",
        },
        "Schemas.");

    /// <summary>The raw text of a schema, as shipped.</summary>
    public static string Text(SchemaKind kind) => Set.Text(kind);

    /// <summary>Validates one JSON value; the result names every problem by location.</summary>
    /// <remarks>A delta the hand-written <see cref="PresenceStateChangeCheck"/> accepts is not evaluated again.</remarks>
    public static SchemaValidationResult Validate(SchemaKind kind, JsonElement instance)
    {
        if (kind == SchemaKind.PresenceStateChange && PresenceStateChangeCheck.IsCertainlyValid(instance))
        {
            return SchemaValidationResult.Valid;
        }

        return EvaluateSchema(kind, instance);
    }

    /// <summary>Evaluates the schema itself, never a hand-written check (what the checks are tested against).</summary>
    public static SchemaValidationResult EvaluateSchema(SchemaKind kind, JsonElement instance) => Set.Evaluate(kind, instance);
}
