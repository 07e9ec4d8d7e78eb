namespace PresenceGrains.Emulator;

/// <summary>A fault that is switched on: its settings, since when, and what is left of its count.</summary>
public sealed record ActiveFault(string Name, object Settings, DateTimeOffset Since, long? Remaining);
