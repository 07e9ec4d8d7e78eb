namespace PresenceGrains.Emulator;

/// <summary>
/// The kinds of endpoint an agent signs in on. Each speaks its own dialect, as real endpoints do: the softphone reports
/// the seed §2 vocabulary (<c>available</c>, <c>onCall</c>), the mobile app and the SIP desk phone the seed §1 device
/// vocabulary (<c>online</c>; <c>onCall</c> or <c>inUse</c>). All three report <c>ringing</c> and <c>offline</c>.
/// </summary>
public enum DeviceKind
{
    Softphone,
    Mobile,
    DeskPhone,
}

/// <summary>The state a device kind reports for each of its conditions.</summary>
public static class DeviceKindVocabulary
{
    /// <summary>The id suffix of a device of this kind (<c>agent-0001-softphone</c>).</summary>
    public static string Suffix(this DeviceKind kind) => kind switch
    {
        DeviceKind.Softphone => "softphone",
        DeviceKind.Mobile => "mobile",
        DeviceKind.DeskPhone => "deskphone",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Registered and idle.</summary>
    public static string IdleState(this DeviceKind kind) =>
        kind == DeviceKind.Softphone ? PresenceStates.Available : PresenceStates.Online;

    /// <summary>Carrying a call.</summary>
    public static string BusyState(this DeviceKind kind) =>
        kind == DeviceKind.DeskPhone ? PresenceStates.InUse : PresenceStates.OnCall;
}
