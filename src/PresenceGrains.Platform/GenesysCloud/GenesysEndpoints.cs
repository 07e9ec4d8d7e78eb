namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>Genesys Cloud's addresses under the API base (platform-protocols §2); the token is on the login base.</summary>
internal sealed class GenesysEndpoints
{
    private readonly Uri _api;

    public GenesysEndpoints(Uri apiBase)
    {
        ArgumentNullException.ThrowIfNull(apiBase);

        // A base with a path (the emulator's "/genesys/api") must end in '/' or relative addresses would drop its last segment.
        _api = apiBase.AbsoluteUri.EndsWith('/') ? apiBase : new Uri(apiBase.AbsoluteUri + "/");
        Channels = new Uri(_api, "api/v2/notifications/channels");
    }

    public Uri Channels { get; }

    public Uri Subscriptions(string channelId) =>
        new(_api, "api/v2/notifications/channels/" + Uri.EscapeDataString(channelId) + "/subscriptions");

    public Uri Users(IEnumerable<string> userIds) =>
        new(_api, "api/v2/users?expand=presence,routingStatus,conversationSummary,station&pageSize=100&id="
            + string.Join(',', userIds.Select(Uri.EscapeDataString)));
}
