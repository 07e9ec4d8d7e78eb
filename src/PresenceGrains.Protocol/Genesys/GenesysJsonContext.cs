using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Genesys;

/// <summary>Source-generated serialisation of every Genesys message, with Genesys's time format on both sides.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, Converters = [typeof(GenesysDateConverter)])]
[JsonSerializable(typeof(GenesysTokenResponse))]
[JsonSerializable(typeof(GenesysOAuthError))]
[JsonSerializable(typeof(GenesysChannel))]
[JsonSerializable(typeof(GenesysChannelListing))]
[JsonSerializable(typeof(GenesysChannelTopic))]
[JsonSerializable(typeof(IReadOnlyList<GenesysChannelTopic>))]
[JsonSerializable(typeof(GenesysChannelTopicListing))]
[JsonSerializable(typeof(GenesysErrorBody))]
[JsonSerializable(typeof(GenesysNotification<GenesysPresenceEvent>))]
[JsonSerializable(typeof(GenesysNotification<GenesysRoutingStatusEvent>))]
[JsonSerializable(typeof(GenesysNotification<GenesysConversationSummary>))]
[JsonSerializable(typeof(GenesysNotification<GenesysStationEvent>))]
[JsonSerializable(typeof(GenesysNotification<GenesysChannelMetadata>))]
[JsonSerializable(typeof(GenesysNotification<GenesysSystemMessage>))]
[JsonSerializable(typeof(GenesysSocketRequest))]
[JsonSerializable(typeof(GenesysSocketResult))]
[JsonSerializable(typeof(GenesysUserListing))]
[JsonSerializable(typeof(IReadOnlyList<GenesysUserPresence>))]
public sealed partial class GenesysJsonContext : JsonSerializerContext;
