namespace PresenceGrains.Platform.Channel;

/// <summary>
/// How one connection ended. <see cref="LostAt"/> is when the client lost its live view: the last frame for a stale
/// channel (nothing after it is known), the moment of the close or error otherwise.
/// </summary>
/// <param name="TokenRejected">The platform ended it with a 401: the token is already dropped, and the next attempt
/// should not wait (seed edge case 3: rotate at once, before reconnecting).</param>
internal sealed record SessionEnd(bool Subscribed, DateTimeOffset LostAt, string Cause, bool Stale, bool TokenRejected = false);
