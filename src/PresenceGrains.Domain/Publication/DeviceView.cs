using PresenceGrains.Domain.Resolution;

namespace PresenceGrains.Domain.Publication;

/// <summary>One device as it stands in a publication.</summary>
public sealed record DeviceView(string DeviceId, PresenceSignal Signal, DateTimeOffset LastUpdated);
