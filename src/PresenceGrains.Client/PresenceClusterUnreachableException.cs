namespace PresenceGrains.Client;

/// <summary>
/// No gateway of the presence cluster answered. <see cref="Tried"/> says where the client looked (the localhost
/// gateway, or the membership table and cluster id), so that an operator can compare it with the service's settings.
/// </summary>
public sealed class PresenceClusterUnreachableException : Exception
{
    /// <summary>The cluster could not be reached.</summary>
    /// <param name="tried">Where the client looked for gateways, without secrets.</param>
    /// <param name="innerException">What Orleans reported.</param>
    public PresenceClusterUnreachableException(string tried, Exception? innerException)
        : base($"The presence cluster is unreachable: no gateway answered ({tried}).", innerException) => Tried = tried;

    /// <summary>Where the client looked for gateways: e.g. <c>gateway 127.0.0.1:30000, cluster presence-local</c>.</summary>
    public string Tried { get; }
}
