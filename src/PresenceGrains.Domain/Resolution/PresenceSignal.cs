namespace PresenceGrains.Domain.Resolution;

/// <summary>
/// A state as the platform sends it, for the user level or for a device
/// (user: available, notReady, onCall, wrapUp, offline; device: online, offline, ringing, inUse).
/// </summary>
public enum PresenceSignal
{
    Offline = 0,
    Online = 1,
    Available = 2,
    NotReady = 3,
    WrapUp = 4,
    Ringing = 5,
    InUse = 6,
    OnCall = 7,
}
