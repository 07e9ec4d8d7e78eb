using System.Text.Json.Serialization;

namespace PresenceGrains.Protocol.Messages;

/// <summary>The subscription payload of seed §1: the first message a client sends on the channel.</summary>
public sealed record SubscriptionRequest(
    [property: JsonPropertyName("subscriptions")] IReadOnlyList<Subscription> Subscriptions);

/// <summary>One subscription: a scope (user, device or global), the ids it covers, and the state types wanted.</summary>
public sealed record Subscription(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SubscriptionFilter? Filter,
    [property: JsonPropertyName("stateTypes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? StateTypes);

/// <summary>The ids a subscription covers.</summary>
public sealed record SubscriptionFilter(
    [property: JsonPropertyName("ids"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Ids);
