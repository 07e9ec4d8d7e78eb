namespace PresenceGrains.Abstractions;

/// <summary>A device's last signal as the platform reported it (seed protocol device and user state types).</summary>
public enum DeviceState
{
    /// <summary>The device is signed out or unreachable.</summary>
    Offline = 0,
    /// <summary>Reachable and idle.</summary>
    Online = 1,
    /// <summary>The user level: available.</summary>
    Available = 2,
    /// <summary>The user level: not ready.</summary>
    NotReady = 3,
    /// <summary>The user level: after-call work.</summary>
    WrapUp = 4,
    /// <summary>A call is offered on the device.</summary>
    Ringing = 5,
    /// <summary>The device is busy with something other than a routed call.</summary>
    InUse = 6,
    /// <summary>On a call.</summary>
    OnCall = 7,
}
