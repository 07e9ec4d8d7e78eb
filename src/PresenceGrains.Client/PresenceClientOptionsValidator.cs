using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace PresenceGrains.Client;

/// <summary>Refuses options the client could not connect with, each message naming the setting under <c>Presence:Client</c>.</summary>
public sealed partial class PresenceClientOptionsValidator : IValidateOptions<PresenceClientOptions>
{
    /// <summary>Validates the options; the failures name their settings.</summary>
    /// <param name="name">The named options instance (unused: there is one).</param>
    /// <param name="options">The options to validate.</param>
    public ValidateOptionsResult Validate(string? name, PresenceClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every bad setting.</summary>
    /// <param name="options">The options to validate.</param>
    public static void ThrowIfInvalid(PresenceClientOptions options)
    {
        var result = new PresenceClientOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PresenceClientOptions), result.Failures);
        }
    }

    private static IEnumerable<string> Problems(PresenceClientOptions o)
    {
        const string S = PresenceClientOptions.Section;
        if (o.TableServiceUri is null && string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            yield return $"{S}:ConnectionString must be '{PresenceClientOptions.LocalhostValue}' or an Azure Storage connection string.";
        }
        else if (!o.IsLocalhost && !o.UsesIdentity && ParseError(o.ConnectionString) is { } error)
        {
            yield return $"{S}:ConnectionString is neither '{PresenceClientOptions.LocalhostValue}' nor a valid Azure Storage connection string: {error}.";
        }

        if (!ClusterName().IsMatch(o.ClusterId ?? ""))
        {
            yield return $"{S}:ClusterId must be 1–63 lowercase letters, digits or dashes (the service's Presence:Cluster:ClusterId).";
        }

        if (!ClusterName().IsMatch(o.ServiceId ?? ""))
        {
            yield return $"{S}:ServiceId must be 1–63 lowercase letters, digits or dashes (the service's Presence:Cluster:ServiceId).";
        }

        if (o.GatewayPort is < 1 or > 65535)
        {
            yield return $"{S}:GatewayPort must be a port, 1–65535 (the service's Presence:Cluster:GatewayPort).";
        }

        if (o.ConnectTimeout <= TimeSpan.Zero)
        {
            yield return $"{S}:ConnectTimeout must be positive.";
        }

        if (o.FeedCapacity is < 16 or > 1_000_000)
        {
            yield return $"{S}:FeedCapacity must be 16–1,000,000 changes.";
        }

        if (o.FeedRepairPeriod < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{S}:FeedRepairPeriod must be at least 100 ms (each read lists every agent of the tenant).";
        }

        if (o.FeedRepairWindow < TimeSpan.Zero || o.FeedRepairWindow > TimeSpan.FromHours(1))
        {
            yield return $"{S}:FeedRepairWindow must be from zero (no reads) to an hour.";
        }

        if (o.KnownAgentTtl < TimeSpan.Zero)
        {
            yield return $"{S}:KnownAgentTtl cannot be negative.";
        }
    }

    /// <summary>Why the storage client would refuse the string; only the parser's words, since the string holds the account key.</summary>
    private static string? ParseError(string connectionString)
    {
        if (!connectionString.Contains("EndpointsProtocol=", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "it names no endpoints protocol";
        }

        try
        {
            _ = new TableServiceClient(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return "the storage client could not parse it (" + ex.GetType().Name + ")";
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,63}$")]
    private static partial Regex ClusterName();
}
