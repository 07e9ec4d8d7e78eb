using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PresenceGrains.Host.Configuration;

/// <summary>The Orleans cluster this process joins (section <c>Presence:Cluster</c>), and how fast it notices a silo gone.</summary>
public sealed class ClusterSettings : IValidatableObject
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

    /// <summary>
    /// The IP address this silo listens on and gives the others in the membership table. Unset: every address, and the
    /// machine's own one advertised (a container). <c>127.0.0.1</c> for several silos on one machine (tools/cluster.sh).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a membership probe may take; also the probe period. Orleans' default is 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00", ErrorMessage = "Presence:Cluster:ProbeTimeout must be between 0.5 s and 1 min.")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Probes a silo may miss in a row before its prober votes it dead. Orleans' default is 3.</summary>
    [Range(1, 10, ErrorMessage = "Presence:Cluster:MissedProbesLimit must be between 1 and 10.")]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>How often each silo checks that its tenant's connector answers (and re-activates it after a silo loss).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Presence:Cluster:ConnectorCheckPeriod must be between 0.1 s and 1 min.")]
    public TimeSpan ConnectorCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the connector may go unanswered before this silo's agents show the channel as Reconnecting: the connector
    /// that would tell them is gone with its silo.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00", ErrorMessage = "Presence:Cluster:ConnectorLossGrace must be between 0.5 s and 5 min.")]
    public TimeSpan ConnectorLossGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Orleans' shortest reminder period (its default, one minute, when unset). Decay reminders tick every
    /// <c>Presence:Rules:DecayCheckPeriod</c>, which Orleans raises to this: lower both only to watch decay on a local
    /// cluster or in a test. A short period in production multiplies the reminder table's traffic.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Presence:Cluster:MinimumReminderPeriod must be between 1 s and 1 h.")]
    public TimeSpan? MinimumReminderPeriod { get; set; }

    public IPAddress? AdvertisedIp => string.IsNullOrWhiteSpace(AdvertisedAddress) ? null : IPAddress.Parse(AdvertisedAddress);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult(
                "Presence:Cluster:AdvertisedAddress must be an IP address (for example 127.0.0.1).", [nameof(AdvertisedAddress)]);
        }

        if (ConnectorLossGrace < ConnectorCheckPeriod)
        {
            yield return new ValidationResult(
                "Presence:Cluster:ConnectorLossGrace must be at least Presence:Cluster:ConnectorCheckPeriod.", [nameof(ConnectorLossGrace)]);
        }
    }
}
