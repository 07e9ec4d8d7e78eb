using PresenceGrains.Abstractions;

namespace PresenceGrains.Grains.Watch;

/// <summary>Checks a watched set before anything is stored or subscribed: a bad one changes nothing.</summary>
public static class WatchValidation
{
    public const int MaxAgents = 200_000;
    public const int MaxDevicesPerAgent = 16;
    public const int MaxIdLength = 128;

    public static void Validate(WatchSet watch)
    {
        ArgumentNullException.ThrowIfNull(watch);
        if (watch.Agents is null || watch.Agents.Any(a => a?.DeviceIds is null))
        {
            throw new ArgumentException("A watch set lists agents, each with a list of device ids (possibly empty).", nameof(watch));
        }

        if (watch.Agents.Count > MaxAgents)
        {
            throw new ArgumentException($"A watch set holds at most {MaxAgents} agents; this one has {watch.Agents.Count}.", nameof(watch));
        }

        var agents = new HashSet<string>(StringComparer.Ordinal);
        var devices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in watch.Agents)
        {
            CheckId(agent.AgentId, "agent");
            if (!agents.Add(agent.AgentId))
            {
                throw new ArgumentException($"Agent '{agent.AgentId}' is listed twice.", nameof(watch));
            }

            if (agent.DeviceIds.Count > MaxDevicesPerAgent)
            {
                throw new ArgumentException($"Agent '{agent.AgentId}' lists {agent.DeviceIds.Count} devices; at most {MaxDevicesPerAgent}.", nameof(watch));
            }

            foreach (var device in agent.DeviceIds)
            {
                CheckId(device, "device");
                if (!devices.Add(device))
                {
                    throw new ArgumentException($"Device '{device}' is listed twice.", nameof(watch));
                }
            }
        }
    }

    private static void CheckId(string? id, string what)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(char.IsControl))
        {
            throw new ArgumentException($"A {what} id must be 1 to {MaxIdLength} printable characters.");
        }
    }
}
