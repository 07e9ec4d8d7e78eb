using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Host.Configuration;

/// <summary>The Orleans cluster this process joins (section <c>Presence:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    public const string Section = "Presence:Cluster";

    [Required, RegularExpression("^[a-z0-9-]{1,63}$", ErrorMessage = "Presence:Cluster:ClusterId must be 1–63 lowercase letters, digits or dashes.")]
    public string ClusterId { get; set; } = "presence-local";

    [Required, RegularExpression("^[a-z0-9-]{1,63}$", ErrorMessage = "Presence:Cluster:ServiceId must be 1–63 lowercase letters, digits or dashes.")]
    public string ServiceId { get; set; } = "presencegrains";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
