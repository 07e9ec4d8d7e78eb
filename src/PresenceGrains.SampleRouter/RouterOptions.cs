namespace PresenceGrains.SampleRouter;

/// <summary>What the sample router routes for (section <c>Router</c>).</summary>
public sealed class RouterOptions
{
    public const string Section = "Router";

    /// <summary>The tenant whose agents take the calls.</summary>
    public string Tenant { get; set; } = "demo";

    /// <summary>How often a simulated call arrives and is routed.</summary>
    public TimeSpan DecisionPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
