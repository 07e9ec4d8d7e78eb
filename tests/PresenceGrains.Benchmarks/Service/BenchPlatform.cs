using PresenceGrains.Benchmarks.Cli;
using PresenceGrains.Domain.Genesys;
using PresenceGrains.Emulator;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// Which platform the emulator speaks and the service follows: <c>--platform seed</c> (the seed protocol, default) or
/// <c>--platform genesys</c> (the emulator's Genesys Cloud mode and the service's Genesys adapter,
/// <c>Presence:Platform:Kind=GenesysCloud</c>). Every report says which one its figures came from.
/// </summary>
internal sealed record BenchPlatform(EmulatorMode Mode)
{
    public static BenchPlatform Seed { get; } = new(EmulatorMode.Seed);

    public bool IsGenesys => Mode == EmulatorMode.GenesysCloud;

    /// <summary>How reports name it.</summary>
    public string Label => IsGenesys ? "Genesys Cloud" : "seed protocol";

    /// <summary>Report names: the seed run keeps the benchmark's name, the Genesys run adds <c>-genesys</c>.</summary>
    public string ReportName(string benchmark) => IsGenesys ? benchmark + "-genesys" : benchmark;

    /// <summary>A title that names Genesys, so that the README's gathered headlines tell the platforms apart.</summary>
    public string Title(string title) => IsGenesys ? $"{title} [Genesys Cloud]" : title;

    public static BenchPlatform Parse(CommandArguments options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Text("--platform") switch
        {
            null or "seed" => Seed,
            "genesys" => new BenchPlatform(EmulatorMode.GenesysCloud),
            var other => throw new UsageException($"--platform takes seed or genesys, not '{other}'."),
        };
    }

    /// <summary>The platform of a running emulator.</summary>
    public static BenchPlatform Of(EmulatorServer emulator) => new(emulator.Options.Mode);

    /// <summary>The host settings that follow <paramref name="emulator"/> with the client for this platform.</summary>
    public void AddSettings(Dictionary<string, string?> configuration, EmulatorServer emulator)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(emulator);
        if (IsGenesys)
        {
            configuration["Presence:Platform:Kind"] = "GenesysCloud";
            configuration["Presence:Platform:LoginBaseUrl"] = emulator.GenesysLoginBase.ToString();
            configuration["Presence:Platform:ApiBaseUrl"] = emulator.GenesysApiBase.ToString();
        }
        else
        {
            configuration["Presence:Platform:BaseUrl"] = emulator.BaseUrl.ToString();
        }
    }

    /// <summary>What the service watches as an agent's devices: its devices, or in Genesys its sources.</summary>
    public IReadOnlyList<string> Devices(AgentInfo agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return IsGenesys ? GenesysSourceIds.All(agent.AgentId) : agent.DeviceIds;
    }
}
