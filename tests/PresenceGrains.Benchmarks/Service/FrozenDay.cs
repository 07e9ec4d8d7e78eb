using System.Globalization;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// An emulator in a process of its own whose day began (devices registered, agents signed in, some calls ringing) and
/// was then frozen once every device is signed in: the truth no longer moves, and its REST answers a thousand calls a
/// second for seeding. A busy machine can take longer than the login spread, and a centre frozen before that has devices
/// no grain holds (a 100,000-agent memory run measured 11.5 KiB an agent with almost no device signed in).
/// </summary>
internal static class FrozenDay
{
    /// <returns>The emulator, and how many devices were signed in when it was frozen.</returns>
    public static async Task<(EmulatorProcess Emulator, int SignedIn)> StartAsync(int agentCount, int devicesPerAgent)
    {
        var login = TimeSpan.FromSeconds(Math.Clamp(agentCount / 10_000.0, 2, 10));
        var emulator = await EmulatorProcess.StartAsync(new Dictionary<string, string>
        {
            ["Simulation:AgentCount"] = agentCount.ToString(CultureInfo.InvariantCulture),
            ["Simulation:DevicesPerAgent"] = devicesPerAgent.ToString(CultureInfo.InvariantCulture),
            ["Simulation:LoginSpreadSeconds"] = login.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["Simulation:NoiseRatePerSecond"] = "0",
            ["MaxClientFrameBytes"] = (64 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["DeltaLogCapacity"] = "1000",
            ["RestRateLimit:RatePerSecond"] = "1000",
            ["RestRateLimit:Burst"] = "2000",
        });

        await Task.Delay(login + TimeSpan.FromSeconds(5));
        var signedIn = await QuietCount.WaitForAsync(emulator.SignedInDevicesAsync, agentCount * devicesPerAgent, TimeSpan.FromMinutes(3));
        await emulator.StopSimulationAsync();
        return (emulator, signedIn);
    }
}
