namespace PresenceGrains.Abstractions;

/// <summary>A device's last signal as the platform reported it (seed protocol device and user state types).</summary>
public enum DeviceState
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
