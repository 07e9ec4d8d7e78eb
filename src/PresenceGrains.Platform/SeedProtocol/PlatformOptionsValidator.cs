using Microsoft.Extensions.Options;
using PresenceGrains.Protocol.Messages;

namespace PresenceGrains.Platform.SeedProtocol;

/// <summary>
/// Checks <see cref="PlatformOptions"/> before any connection: every problem is named with the option and the tenant.
/// </summary>
public sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    private readonly bool _secretFromConfiguration;

    /// <param name="secretFromConfiguration">
    /// True when the client secret must be in <see cref="PlatformOptions.ClientSecret"/>; false when a secret store
    /// supplies it.
    /// </param>
    public PlatformOptionsValidator(bool secretFromConfiguration = true) => _secretFromConfiguration = secretFromConfiguration;

    public ValidateOptionsResult Validate(string? name, PlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options).ToList();
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var tenant = string.IsNullOrEmpty(options.TenantId) ? name : options.TenantId;
        return ValidateOptionsResult.Fail(failures.Select(f => $"Platform options for tenant '{tenant}': {f}"));
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every problem, for code paths without a host.</summary>
    public void EnsureValid(PlatformOptions options)
    {
        var result = Validate(options.TenantId, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(options.TenantId, typeof(PlatformOptions), result.Failures);
        }
    }

    private IEnumerable<string> Problems(PlatformOptions o)
    {
        if (o.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return "BaseUrl must be an absolute http or https address.";
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo))
        {
            yield return "BaseUrl must not carry a query or user info (credentials belong in ClientId/ClientSecret).";
        }

        if (string.IsNullOrWhiteSpace(o.TenantId))
        {
            yield return "TenantId is required.";
        }

        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            yield return "ClientId is required.";
        }

        if (_secretFromConfiguration && string.IsNullOrEmpty(o.ClientSecret))
        {
            yield return "ClientSecret is required (or register an IClientSecretSource that reads it from a secret store).";
        }

        if (o.StaleThreshold <= TimeSpan.Zero)
        {
            yield return "StaleThreshold must be positive.";
        }

        if (o.MaxFrameBytes is < 1024 or > 16 * 1024 * 1024)
        {
            yield return "MaxFrameBytes must be between 1 KiB and 16 MiB.";
        }

        if (o.EventBufferCapacity is < 1 or > 1_000_000)
        {
            yield return "EventBufferCapacity must be between 1 and 1,000,000.";
        }

        if (o.BackPressureTimeout <= TimeSpan.Zero || o.BackPressureTimeout * 2 > o.StaleThreshold)
        {
            yield return "BackPressureTimeout must be positive and at most half of StaleThreshold (a blocked reader stops answering pings).";
        }

        if (o.MaxShedAgentIds < 1)
        {
            yield return "MaxShedAgentIds must be at least 1.";
        }

        if (o.ReconnectInitialDelay <= TimeSpan.Zero || o.ReconnectMaximumDelay < o.ReconnectInitialDelay)
        {
            yield return "ReconnectInitialDelay must be positive and not above ReconnectMaximumDelay.";
        }

        if (o.ReconnectJitter is < 0 or >= 1)
        {
            yield return "ReconnectJitter must be a fraction in [0, 1).";
        }

        if (o.HandshakeTimeout <= TimeSpan.Zero || o.RestTimeout <= TimeSpan.Zero)
        {
            yield return "HandshakeTimeout and RestTimeout must be positive.";
        }

        if (o.TokenRefreshMargin < TimeSpan.Zero)
        {
            yield return "TokenRefreshMargin must not be negative.";
        }

        if (!double.IsFinite(o.RestRequestsPerSecond) || o.RestRequestsPerSecond <= 0)
        {
            yield return "RestRequestsPerSecond must be a positive number.";
        }

        if (o.SnapshotBatchSize is < 1 or > BulkSnapshot.MaxIds)
        {
            yield return $"SnapshotBatchSize must be between 1 and {BulkSnapshot.MaxIds} (the platform's bulk limit).";
        }

        if (o.SnapshotConcurrency is < 1 or > 64)
        {
            yield return "SnapshotConcurrency must be between 1 and 64.";
        }

        if (o.MaxRestAttempts is < 1 or > 100)
        {
            yield return "MaxRestAttempts must be between 1 and 100.";
        }

        if (o.MaxRestRetryAfter < TimeSpan.Zero)
        {
            yield return "MaxRestRetryAfter must not be negative.";
        }

        if (o.MaxResponseBytes < 1024)
        {
            yield return "MaxResponseBytes must be at least 1 KiB.";
        }

        if (o.AntiEntropyPeriod != TimeSpan.Zero && o.AntiEntropyPeriod < TimeSpan.FromSeconds(1))
        {
            yield return "AntiEntropyPeriod must be zero (off) or at least one second.";
        }

        if (!double.IsFinite(o.AntiEntropyRestShare) || o.AntiEntropyRestShare is <= 0 or > 0.5)
        {
            yield return "AntiEntropyRestShare must be above 0 and at most 0.5: the re-read must leave most of the REST budget to reconnect snapshots.";
        }

        if (o.RecentDisconnectionsCapacity is < 1 or > 10_000)
        {
            yield return "RecentDisconnectionsCapacity must be between 1 and 10,000.";
        }
    }
}
