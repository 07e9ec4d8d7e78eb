namespace PresenceGrains.Emulator;

/// <summary>
/// The platform's state vocabulary and its priority matrix (seed §2): offline 0, available 1, notReady 2, wrapUp 3,
/// onCall 4. Device states map onto the same scale (online → available, ringing/inUse → onCall).
/// </summary>
public static class PresenceStates
{
    public const string Offline = "offline";
    public const string Available = "available";
    public const string NotReady = "notReady";
    public const string WrapUp = "wrapUp";
    public const string OnCall = "onCall";
    public const string Online = "online";
    public const string Ringing = "ringing";
    public const string InUse = "inUse";

    /// <summary>The states an agent (user level) can declare.</summary>
    public static IReadOnlyList<string> UserStates { get; } = [Offline, Available, NotReady, WrapUp, OnCall];

    /// <summary>Every state a device may report (each device kind uses a subset, see <see cref="DeviceKind"/>).</summary>
    public static IReadOnlyList<string> DeviceStates { get; } = [Offline, Online, Available, Ringing, InUse, OnCall, WrapUp, NotReady];

    /// <summary>The composite state names by priority.</summary>
    private static readonly string[] ByPriority = [Offline, Available, NotReady, WrapUp, OnCall];

    public static bool IsUserState(string state) => UserStates.Contains(state, StringComparer.Ordinal);

    public static bool IsDeviceState(string state) => DeviceStates.Contains(state, StringComparer.Ordinal);

    /// <summary>The routing priority of any user or device state.</summary>
    public static int Priority(string state) => state switch
    {
        Offline => 0,
        Available or Online => 1,
        NotReady => 2,
        WrapUp => 3,
        OnCall or Ringing or InUse => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown presence state."),
    };

    /// <summary>The composite state name of a priority.</summary>
    public static string OfPriority(int priority) => ByPriority[priority];
}
