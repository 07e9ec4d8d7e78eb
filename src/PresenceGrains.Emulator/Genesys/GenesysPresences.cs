using System.Security.Cryptography;
using System.Text;

namespace PresenceGrains.Emulator.Genesys;

/// <summary>
/// The system presences and routing statuses the emulator's organisation uses, and the stable ids it gives its
/// presence definitions and stations (GUIDs, as Genesys's are; derived from the name, so every run agrees).
/// </summary>
internal static class GenesysPresences
{
    public const string Offline = "Offline";
    public const string OnQueue = "On Queue";
    public const string Away = "Away";
    public const string Break = "Break";
    public const string Meal = "Meal";
    public const string Training = "Training";
    public const string Meeting = "Meeting";

    /// <summary>The presence definition id of a system presence.</summary>
    public static string DefinitionId(string systemPresence) => StableGuid("presence:" + systemPresence);

    /// <summary>The station id of a device.</summary>
    public static string StationId(string deviceId) => StableGuid("station:" + deviceId);

    private static string StableGuid(string name) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(name))).ToString();
}

/// <summary>The routing statuses, spelled as on the wire.</summary>
internal static class GenesysRoutingStatuses
{
    public const string OffQueue = "OFF_QUEUE";
    public const string Idle = "IDLE";
    public const string Interacting = "INTERACTING";
    public const string NotResponding = "NOT_RESPONDING";
}
