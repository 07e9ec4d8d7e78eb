using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PresenceGrains.Platform.SeedProtocol;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>Checks <see cref="GenesysCloudOptions"/> before any connection: every problem is named with its setting.</summary>
public sealed partial class GenesysCloudOptionsValidator(bool secretFromConfiguration = true) : IValidateOptions<GenesysCloudOptions>
{
    private readonly PlatformOptionsValidator _common = new(secretFromConfiguration);

    public ValidateOptionsResult Validate(string? name, GenesysCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tenant = string.IsNullOrEmpty(options.Common.TenantId) ? name : options.Common.TenantId;
        var failures = Problems(options).Select(p => $"Genesys Cloud options for tenant '{tenant}': {p}").ToList();
        if (failures.Count == 0)
        {
            // Only now is the API base known good: the shared checks read it as their BaseUrl.
            options.Common.BaseUrl = options.ResolvedApiBase;
            var common = _common.Validate(name, options.Common);
            if (common.Failed)
            {
                failures.AddRange(common.Failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every problem, for code paths without a host.</summary>
    public void EnsureValid(GenesysCloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = Validate(options.Common.TenantId, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(options.Common.TenantId, typeof(GenesysCloudOptions), result.Failures);
        }
    }

    private static IEnumerable<string> Problems(GenesysCloudOptions o)
    {
        var hasRegion = !string.IsNullOrWhiteSpace(o.Region);
        var hasBases = o.LoginBaseUrl is not null || o.ApiBaseUrl is not null;
        if (hasRegion && hasBases)
        {
            yield return "set Region or LoginBaseUrl and ApiBaseUrl, not both.";
        }
        else if (!hasRegion && !hasBases)
        {
            yield return "Region is required (e.g. mypurecloud.com, mypurecloud.ie, usw2.pure.cloud), or LoginBaseUrl and ApiBaseUrl.";
        }
        else if (hasRegion && !RegionName().IsMatch(o.Region!.Trim()))
        {
            yield return $"Region must be a Genesys Cloud region's domain such as mypurecloud.com or usw2.pure.cloud, not '{Cut(o.Region)}'.";
        }
        else if (hasBases)
        {
            foreach (var (setting, url) in new[] { ("LoginBaseUrl", o.LoginBaseUrl), ("ApiBaseUrl", o.ApiBaseUrl) })
            {
                if (url is not { IsAbsoluteUri: true } || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                    || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo))
                {
                    yield return $"{setting} must be an absolute http or https address without query or user info (both are needed without Region).";
                }
            }
        }

        if (o.PingPeriod <= TimeSpan.Zero || o.PingPeriod * 2 > o.Common.StaleThreshold)
        {
            yield return $"PingPeriod must be positive and at most half of StaleThreshold ({o.Common.StaleThreshold}), or a live socket would look stale.";
        }

        if (o.MaxTopicsPerChannel is < 1 or > 1000)
        {
            yield return "MaxTopicsPerChannel must be between 1 and 1,000 (Genesys's limit per channel).";
        }

        if (o.MaxChannels is < 1 or > 20)
        {
            yield return "MaxChannels must be between 1 and 20 (Genesys's limit per OAuth client; a 21st removes the oldest).";
        }

        if (o.ChannelRollOverMargin <= TimeSpan.Zero || o.ChannelRollOverMargin > TimeSpan.FromHours(12))
        {
            yield return "ChannelRollOverMargin must be positive and at most 12 hours.";
        }

        if (o.UsersPerRequest is < 1 or > 100)
        {
            yield return "UsersPerRequest must be between 1 and 100.";
        }
    }

    private static string Cut(string? text) => text is { Length: > 64 } ? text[..64] + "…" : text ?? string.Empty;

    [GeneratedRegex("^[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63}){1,4}$")]
    private static partial Regex RegionName();
}
