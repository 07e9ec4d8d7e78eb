namespace PresenceGrains.Platform.SeedProtocol;

/// <summary>The seed protocol's addresses under one base URL (platform-protocols §1).</summary>
internal sealed class PlatformEndpoints
{
    private readonly Uri _base;

    public PlatformEndpoints(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);

        // A base with a path ("https://host/tenant") must end in '/' or relative addresses would replace its last segment.
        _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        Token = new Uri(_base, "oauth/token");
    }

    public Uri Token { get; }

    /// <summary>The channel address with its token; log it only through <see cref="Logging.SecretRedactor"/>.</summary>
    public Uri Channel(string accessToken)
    {
        var http = new Uri(_base, "api/v2/presence");
        var builder = new UriBuilder(http)
        {
            Scheme = http.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
            Query = "access_token=" + Uri.EscapeDataString(accessToken),
        };
        return builder.Uri;
    }

    public Uri User(string userId) => new(_base, "api/v2/presence/users/" + Uri.EscapeDataString(userId));

    public Uri Users(IEnumerable<string> userIds) =>
        new(_base, "api/v2/presence/users?id=" + string.Join(',', userIds.Select(Uri.EscapeDataString)));

    public Uri Corrections(string userId) => new(_base, "api/v2/presence/users/" + Uri.EscapeDataString(userId) + "/corrections");
}
