namespace PresenceGrains.Emulator;

/// <summary>One WebSocket upgrade attempt. Holds who and what happened, never the token.</summary>
public sealed record HandshakeRecord(DateTimeOffset At, string? ClientId, string? TenantId, HandshakeOutcome Outcome);

/// <summary>What the platform answered to an upgrade attempt.</summary>
public enum HandshakeOutcome
{
    /// <summary><c>101</c>: the channel is open.</summary>
    Accepted,

    /// <summary><c>400</c>: a plain HTTP request to the channel endpoint.</summary>
    NotWebSocket,

    /// <summary><c>401</c>: no <c>access_token</c>.</summary>
    MissingToken,

    /// <summary><c>401</c>: a token this platform never issued.</summary>
    InvalidToken,

    /// <summary><c>401</c>: the token's lifetime is over.</summary>
    ExpiredToken,

    /// <summary><c>401</c>: the token was revoked.</summary>
    RevokedToken,

    /// <summary><c>401</c>: the token lacks <c>presence:subscribe</c>.</summary>
    MissingScope,

    /// <summary><c>429</c>: the tenant's connection rate is exceeded.</summary>
    RateLimited,

    /// <summary><c>429</c>: refused by the <c>refuse-reconnects</c> fault.</summary>
    Refused,

    /// <summary><c>404</c>: Genesys: no such channel (never created, expired, removed or deleted).</summary>
    UnknownChannel,
}
