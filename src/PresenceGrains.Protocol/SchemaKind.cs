namespace PresenceGrains.Protocol;

/// <summary>Every message of the seed protocol that has a schema in <c>Schemas/</c>.</summary>
public enum SchemaKind
{
    TokenResponse,
    OAuthError,
    Subscription,
    PresenceStateChange,
    Heartbeat,
    Subscribed,
    ErrorFrame,
    UserSnapshot,
    BulkSnapshot,
    Correction,
}
