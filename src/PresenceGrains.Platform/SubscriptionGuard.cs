namespace PresenceGrains.Platform;

/// <summary>Placeholder: the platform client issue implements the local refusal of global/all/empty subscriptions.</summary>
internal static class SubscriptionGuard;
