using System.Text.Json.Serialization;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Protocol;

/// <summary>
/// Source-generated serialisation for every wire message: no reflection on the hot path, and the same spelling on both
/// sides of the wire.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(PresenceStateChange))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(Subscribed))]
[JsonSerializable(typeof(ErrorFrame))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(UserSnapshot))]
[JsonSerializable(typeof(BulkSnapshot))]
[JsonSerializable(typeof(PresenceCorrection))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
