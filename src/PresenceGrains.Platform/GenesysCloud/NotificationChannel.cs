namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>A notification channel as Genesys created it: its id, its socket address, and when it expires.</summary>
internal sealed record NotificationChannel(string Id, Uri ConnectUri, DateTimeOffset? Expires, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// When to open its replacement: <paramref name="margin"/> before expiry, or half-way through a lifetime shorter than
    /// twice the margin; never for a channel whose expiry is unknown.
    /// </summary>
    public DateTimeOffset? RollOverAt(TimeSpan margin)
    {
        if (Expires is not { } expires)
        {
            return null;
        }

        var lifetime = expires - CreatedAt;
        return expires - (lifetime / 2 < margin ? lifetime / 2 : margin);
    }
}
