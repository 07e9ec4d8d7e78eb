using PresenceGrains.Emulator;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>An emulator that outlives the hosts of a test, so that a restarted host finds the same platform.</summary>
public static class StandaloneEmulator
{
    public static Task<EmulatorServer> StartAsync(int agents = 6)
    {
        var options = new EmulatorOptions();
        options.Simulation.AgentCount = agents;
        options.Simulation.TimeScale = 0.05;
        options.Simulation.LoginSpreadSeconds = 1;
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>Host settings that follow this emulator as an external platform.</summary>
    public static Dictionary<string, string?> PlatformSettings(EmulatorServer emulator) => new()
    {
        ["Presence:Platform:BaseUrl"] = emulator.BaseUrl.ToString(),
        ["Presence:Platform:TenantId"] = TenantOptions.DemoTenantId,
        ["Presence:Platform:ClientId"] = TenantOptions.DemoClientId,
        ["Presence:Platform:ClientSecret"] = TenantOptions.DemoClientSecret,
    };
}
