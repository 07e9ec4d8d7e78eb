namespace PresenceGrains.Emulator.Simulation;

/// <summary>Where an agent is in its day: what its next scheduled event will do.</summary>
internal enum AgentStep
{
    /// <summary>Logged out; next: the first device registers.</summary>
    LoggedOut,

    /// <summary>Devices coming online one by one; next: the next device, or the agent declares notReady.</summary>
    Registering,

    /// <summary>Logged in, not ready yet; next: available.</summary>
    LoggedInNotReady,

    /// <summary>Available; next: a call rings, a break, or logging out.</summary>
    Idle,

    /// <summary>A device rings; next: answered, or missed.</summary>
    Ringing,

    /// <summary>On a call; next: it ends, or it moves to another device.</summary>
    OnCall,

    /// <summary>The call left the old device, which is idle again; next: the new device goes busy.</summary>
    HandingOff,

    /// <summary>The call ended, the device is idle; next: the agent declares wrapUp.</summary>
    CallEnded,

    /// <summary>After-call work; next: available.</summary>
    WrapUp,

    /// <summary>A break; next: available.</summary>
    OnBreak,

    /// <summary>Declared offline; devices going offline one by one (a ghost may stay).</summary>
    LoggingOut,

    /// <summary>Taken over by scripting: the simulation leaves it alone.</summary>
    Scripted,
}
