using System.Collections.Concurrent;
using PresenceGrains.Platform;

namespace PresenceGrains.Grains.Tests;

/// <summary>
/// Hands each tenant's connector the scripted platform the test prepared. Static because the test cluster's silos run in
/// this process but build their own service containers.
/// </summary>
public sealed class ScriptedPlatforms : IPresencePlatformFactory
{
    private static readonly ConcurrentDictionary<string, ScriptedPlatform> Current = new(StringComparer.Ordinal);

    /// <summary>A fresh scripted platform for a tenant; the connector's next (re)start picks it up.</summary>
    public static ScriptedPlatform For(string tenantId) => Current.AddOrUpdate(tenantId, _ => new ScriptedPlatform(), (_, _) => new ScriptedPlatform());

    public IPresencePlatform Create(string tenantId) =>
        Current.TryGetValue(tenantId, out var platform)
            ? platform
            : throw new InvalidOperationException($"The test prepared no platform for tenant '{tenantId}'.");
}
