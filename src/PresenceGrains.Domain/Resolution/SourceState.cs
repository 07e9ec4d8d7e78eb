namespace PresenceGrains.Domain.Resolution;

/// <summary>
/// The cached state of one source (the user level or one device).
/// <paramref name="Decayed"/> marks a state that the service set locally after silence, not one the platform sent:
/// any newer platform signal or snapshot replaces it.
/// </summary>
public readonly record struct SourceState(PresenceSignal Signal, DateTimeOffset LastUpdated, bool Decayed = false);
