namespace PresenceGrains.Client;

/// <summary>
/// What the client refuses or could not do, in terms a router can act on: one type to catch around a routing decision
/// (queue the call and try again), with <see cref="PresenceAgentNotFoundException"/>,
/// <see cref="PresenceTenantNotFoundException"/> and <see cref="PresenceClusterUnreachableException"/> to tell them apart.
/// </summary>
public abstract class PresenceException : Exception
{
    /// <summary>A refusal or failure with its message.</summary>
    /// <param name="message">What happened, for a log.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected PresenceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
