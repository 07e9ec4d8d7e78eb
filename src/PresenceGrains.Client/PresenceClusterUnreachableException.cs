namespace PresenceGrains.Client;

/// <summary>
/// The presence cluster did not answer: no gateway could be reached, or a call got no answer within Orleans' response
/// timeout. <see cref="Tried"/> says where the client looked (the localhost gateway, or the membership table and
/// cluster id), so that an operator can compare it with the service's settings. Worth trying again.
/// </summary>
public sealed class PresenceClusterUnreachableException : PresenceException
{
    /// <summary>The cluster could not be reached.</summary>
    /// <param name="tried">Where the client looked for gateways, without secrets.</param>
    /// <param name="innerException">What Orleans reported.</param>
    public PresenceClusterUnreachableException(string tried, Exception? innerException)
        : base($"The presence cluster is unreachable: {Reason(innerException)} ({tried}).", innerException) => Tried = tried;

    /// <summary>Where the client looked for gateways: e.g. <c>gateway 127.0.0.1:30000, cluster presence-local</c>.</summary>
    public string Tried { get; }

    private static string Reason(Exception? failure) =>
        failure is TimeoutException ? "a call got no answer in time" : "no gateway answered";
}
