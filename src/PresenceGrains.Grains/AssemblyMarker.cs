namespace PresenceGrains.Grains;

/// <summary>Placeholder until the service issue lands.</summary>
internal static class AssemblyMarker;
