namespace PresenceGrains.Platform.Subscriptions;

/// <summary>
/// A subscription the client refuses to send (seed §1's trap: <c>global</c>, <c>all</c>, or no filter). Thrown before
/// any token request or connection, so nothing reaches the platform.
/// </summary>
public sealed class SubscriptionRefusedException : ArgumentException
{
    public SubscriptionRefusedException(string reason)
        : base($"Subscription refused locally, nothing was sent: {reason}")
    {
        Reason = reason;
    }

    /// <summary>Why, without the prefix.</summary>
    public string Reason { get; }
}
