namespace PresenceGrains.Platform.Channel;

/// <summary>
/// How one connection ended. <see cref="LostAt"/> is when the client lost its live view: the last frame for a stale
/// channel (nothing after it is known), the moment of the close or error otherwise.
/// </summary>
internal sealed record SessionEnd(bool Subscribed, DateTimeOffset LostAt, string Cause, bool Stale);
