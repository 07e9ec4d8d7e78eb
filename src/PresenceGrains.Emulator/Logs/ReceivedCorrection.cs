using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Emulator;

/// <summary>A presence correction a client posted, as the platform recorded it.</summary>
public sealed record ReceivedCorrection(DateTimeOffset ReceivedAt, string ClientId, PresenceCorrection Correction);
