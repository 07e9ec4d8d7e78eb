using PresenceGrains.Emulator;

namespace PresenceGrains.Service.Tests.Support;

/// <summary>An emulator that outlives the hosts of a test, so that a restarted host finds the same platform.</summary>
public static class StandaloneEmulator
{
    /// <param name="mode">The platform it speaks; in Genesys Cloud mode its heartbeat comes every second, not 30 s.</param>
    public static Task<EmulatorServer> StartAsync(int agents = 6, EmulatorMode mode = EmulatorMode.Seed)
    {
        var options = new EmulatorOptions { Mode = mode };
        options.Genesys.HeartbeatInterval = TimeSpan.FromSeconds(1);
        options.Simulation.AgentCount = agents;
        options.Simulation.TimeScale = 0.05;
        options.Simulation.LoginSpreadSeconds = 1;
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>Host settings that follow this emulator as an external platform, with the client for its mode.</summary>
    public static Dictionary<string, string?> PlatformSettings(EmulatorServer emulator)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Presence:Platform:TenantId"] = TenantOptions.DemoTenantId,
            ["Presence:Platform:ClientId"] = TenantOptions.DemoClientId,
            ["Presence:Platform:ClientSecret"] = TenantOptions.DemoClientSecret,
        };
        if (emulator.Options.Mode == EmulatorMode.GenesysCloud)
        {
            settings["Presence:Platform:Kind"] = "GenesysCloud";
            settings["Presence:Platform:LoginBaseUrl"] = emulator.GenesysLoginBase.ToString();
            settings["Presence:Platform:ApiBaseUrl"] = emulator.GenesysApiBase.ToString();
        }
        else
        {
            settings["Presence:Platform:BaseUrl"] = emulator.BaseUrl.ToString();
        }

        return settings;
    }
}
