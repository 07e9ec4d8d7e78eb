namespace PresenceGrains.Benchmarks.Soak;

/// <summary>A stretch of the soak with one condition (a fault's turn, the quiet end), over which figures are summed.</summary>
internal sealed record SoakWindow(string Name, DateTimeOffset From, DateTimeOffset To);
