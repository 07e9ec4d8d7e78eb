namespace PresenceGrains.Platform.Channel;

/// <summary>A rotation's new socket ended before the platform acknowledged its subscription.</summary>
internal sealed class RotationAbandonedException(string message) : Exception(message);
