namespace PresenceGrains.Grains;

/// <summary>Names of the grain storage providers, shared by grains and hosts.</summary>
public static class StorageNames
{
    /// <summary>Agent, device and connector state.</summary>
    public const string Presence = "presence";

    /// <summary>Orleans' stream pub-sub bookkeeping (its fixed name).</summary>
    public const string PubSub = "PubSubStore";
}
