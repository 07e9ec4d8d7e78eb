namespace PresenceGrains.Platform.Events;

/// <summary>The causes of a <see cref="ResnapshotRequired"/>: a fixed set, so they can tag a metric.</summary>
public static class ResnapshotCauses
{
    /// <summary>Deltas were shed while the consumer was behind.</summary>
    public const string Shed = "shed";

    /// <summary>A token rotation's old socket ended before it was shown to have delivered everything.</summary>
    public const string Rotation = "rotation";

    /// <summary>The paced background re-read of every watched agent, which finds drift nothing else shows.</summary>
    public const string AntiEntropy = "anti-entropy";

    /// <summary>The platform dropped the channel's subscriptions (Genesys <c>no_longer_subscribed</c>).</summary>
    public const string Resubscribed = "resubscribed";
}
