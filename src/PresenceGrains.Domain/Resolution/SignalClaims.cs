namespace PresenceGrains.Domain.Resolution;

/// <summary>The device-signal → claim mapping and the engagement rule of design §2.</summary>
public static class SignalClaims
{
    /// <summary>The composite level a signal claims.</summary>
    public static PresenceLevel Claim(PresenceSignal signal) => signal switch
    {
        PresenceSignal.OnCall or PresenceSignal.InUse or PresenceSignal.Ringing => PresenceLevel.OnCall,
        PresenceSignal.WrapUp => PresenceLevel.WrapUp,
        PresenceSignal.NotReady => PresenceLevel.NotReady,
        PresenceSignal.Available or PresenceSignal.Online => PresenceLevel.Available,
        PresenceSignal.Offline => PresenceLevel.Offline,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown presence signal."),
    };

    /// <summary>
    /// Engagement claims are the only device claims allowed to raise the user level: a ghost device left
    /// online must never make a logged-out agent look available.
    /// </summary>
    public static bool IsEngagement(PresenceLevel level) => level >= PresenceLevel.NotReady;

    /// <summary>Whether a device with this signal can take a call at all.</summary>
    public static bool IsReachable(PresenceSignal signal) => signal != PresenceSignal.Offline;

    /// <summary>Parses the wire spelling (camelCase, as in the seed protocol); null when unknown.</summary>
    public static PresenceSignal? Parse(string? wire) => wire switch
    {
        "offline" => PresenceSignal.Offline,
        "online" => PresenceSignal.Online,
        "available" => PresenceSignal.Available,
        "notReady" => PresenceSignal.NotReady,
        "wrapUp" => PresenceSignal.WrapUp,
        "ringing" => PresenceSignal.Ringing,
        "inUse" => PresenceSignal.InUse,
        "onCall" => PresenceSignal.OnCall,
        _ => null,
    };

    /// <summary>The wire spelling of a signal.</summary>
    public static string ToWire(PresenceSignal signal) => signal switch
    {
        PresenceSignal.Offline => "offline",
        PresenceSignal.Online => "online",
        PresenceSignal.Available => "available",
        PresenceSignal.NotReady => "notReady",
        PresenceSignal.WrapUp => "wrapUp",
        PresenceSignal.Ringing => "ringing",
        PresenceSignal.InUse => "inUse",
        PresenceSignal.OnCall => "onCall",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unknown presence signal."),
    };
}
