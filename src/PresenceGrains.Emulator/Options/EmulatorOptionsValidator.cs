using Microsoft.Extensions.Options;

namespace PresenceGrains.Emulator;

/// <summary>Checks <see cref="EmulatorOptions"/> at start-up; every problem is named with its configuration key.</summary>
public sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var problems = new List<string>();
        void Require(bool ok, string key, string message)
        {
            if (!ok)
            {
                problems.Add($"{EmulatorOptions.SectionName}:{key} {message}");
            }
        }

        if (options.Url is { } url)
        {
            Require(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", "Url", $"must be an absolute http(s) URL (was '{url}').");
        }

        var tenants = options.EffectiveTenants;
        for (var i = 0; i < tenants.Count; i++)
        {
            var t = tenants[i];
            Require(!string.IsNullOrWhiteSpace(t.TenantId), $"Tenants:{i}:TenantId", "must be set.");
            Require(!string.IsNullOrWhiteSpace(t.ClientId), $"Tenants:{i}:ClientId", "must be set.");
            Require(!string.IsNullOrEmpty(t.ClientSecret), $"Tenants:{i}:ClientSecret", "must be set.");
        }

        Require(tenants.Select(t => t.ClientId).Distinct(StringComparer.Ordinal).Count() == tenants.Count, "Tenants", "must not repeat a ClientId.");
        Require(options.TokenLifetime >= TimeSpan.FromSeconds(1), "TokenLifetime", "must be at least one second.");
        Require(options.HeartbeatInterval > TimeSpan.Zero, "HeartbeatInterval", "must be positive.");
        Require(options.PingInterval > TimeSpan.Zero, "PingInterval", "must be positive.");
        Require(options.PongTimeout > TimeSpan.Zero, "PongTimeout", "must be positive.");
        Require(options.ConnectionRateLimit.PermitLimit >= 1, "ConnectionRateLimit:PermitLimit", "must be at least 1.");
        Require(options.ConnectionRateLimit.Window > TimeSpan.Zero, "ConnectionRateLimit:Window", "must be positive.");
        Require(options.RestRateLimit.RatePerSecond > 0, "RestRateLimit:RatePerSecond", "must be positive.");
        Require(options.RestRateLimit.Burst >= 1, "RestRateLimit:Burst", "must be at least 1.");
        Require(options.MaxClientFrameBytes is >= 1024 and <= 64 * 1024 * 1024, "MaxClientFrameBytes", "must be between 1 KiB and 64 MiB.");
        Require(options.SendQueueCapacity is >= 16 and <= 10_000_000, "SendQueueCapacity", "must be between 16 and 10,000,000.");
        Require(options.DeltaLogCapacity is >= 1 and <= 50_000_000, "DeltaLogCapacity", "must be between 1 and 50,000,000.");
        Require(options.RecordLogCapacity is >= 1 and <= 1_000_000, "RecordLogCapacity", "must be between 1 and 1,000,000.");

        Require(Enum.IsDefined(options.Mode), "Mode", "must be Seed or GenesysCloud.");
        Require(options.Genesys.HeartbeatInterval > TimeSpan.Zero, "Genesys:HeartbeatInterval", "must be positive.");
        Require(options.Genesys.ChannelLifetime >= TimeSpan.FromSeconds(1), "Genesys:ChannelLifetime", "must be at least one second.");
        Require(options.Genesys.MaxTopicsPerChannel is >= 1 and <= 100_000, "Genesys:MaxTopicsPerChannel", "must be between 1 and 100,000.");
        Require(options.Genesys.MaxChannelsPerClient is >= 1 and <= 1_000, "Genesys:MaxChannelsPerClient", "must be between 1 and 1,000.");

        var sim = options.Simulation;
        Require(sim.AgentCount is >= 1 and <= 1_000_000, "Simulation:AgentCount", "must be between 1 and 1,000,000.");
        Require(sim.DevicesPerAgent is null or >= 1 and <= 3, "Simulation:DevicesPerAgent", "must be 1, 2 or 3 when set.");
        Require(sim.TimeScale > 0, "Simulation:TimeScale", "must be positive.");
        Require(sim.TickInterval >= TimeSpan.FromMilliseconds(1), "Simulation:TickInterval", "must be at least 1 ms.");
        Require(sim.NoiseRatePerSecond >= 0, "Simulation:NoiseRatePerSecond", "must not be negative.");
        foreach (var (key, value) in new[]
                 {
                     ("LoginSpreadSeconds", sim.LoginSpreadSeconds), ("MeanIdleSeconds", sim.MeanIdleSeconds),
                     ("MeanRingSeconds", sim.MeanRingSeconds), ("MeanCallSeconds", sim.MeanCallSeconds),
                     ("MeanWrapUpSeconds", sim.MeanWrapUpSeconds), ("MeanBreakSeconds", sim.MeanBreakSeconds),
                     ("MeanAwaySeconds", sim.MeanAwaySeconds),
                 })
        {
            Require(value >= 0 && double.IsFinite(value), $"Simulation:{key}", "must be a finite number, zero or more.");
        }

        foreach (var (key, value) in new[]
                 {
                     ("BreakProbability", sim.BreakProbability), ("LogoutProbability", sim.LogoutProbability),
                     ("MissedCallProbability", sim.MissedCallProbability), ("HandoffProbability", sim.HandoffProbability),
                     ("GhostDeviceProbability", sim.GhostDeviceProbability),
                 })
        {
            Require(value is >= 0 and <= 1, $"Simulation:{key}", "must be between 0 and 1.");
        }

        Require(sim.BreakProbability + sim.LogoutProbability <= 1, "Simulation:BreakProbability", "plus LogoutProbability must not exceed 1.");
        problems.AddRange(FaultValidation.Problems(options.Faults).Select(p => $"{EmulatorOptions.SectionName}:Faults:{p}"));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every problem.</summary>
    public static void ThrowIfInvalid(EmulatorOptions options)
    {
        var result = new EmulatorOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(EmulatorOptions.SectionName, typeof(EmulatorOptions), result.Failures);
        }
    }
}
