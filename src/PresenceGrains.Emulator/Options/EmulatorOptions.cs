namespace PresenceGrains.Emulator;

/// <summary>
/// Everything the emulator can be told, bound from the configuration section <see cref="SectionName"/> and validated
/// at start-up (<see cref="EmulatorOptionsValidator"/>).
/// </summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>Which platform it speaks: the seed protocol (default) or Genesys Cloud.</summary>
    public EmulatorMode Mode { get; set; } = EmulatorMode.Seed;

    /// <summary>The Genesys Cloud mode's settings (used when <see cref="Mode"/> is <see cref="EmulatorMode.GenesysCloud"/>).</summary>
    public GenesysOptions Genesys { get; set; } = new();

    /// <summary>Where Kestrel listens. Null: <c>http://127.0.0.1:0</c> (a free port) for <see cref="EmulatorServer"/>.</summary>
    public string? Url { get; set; }

    /// <summary>The OAuth clients, one per tenant. Empty: the single <see cref="TenantOptions.Demo"/> tenant.</summary>
    public List<TenantOptions> Tenants { get; set; } = [];

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the platform sends a WebSocket ping frame.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the platform waits for the pong before it terminates the socket and marks devices offline.</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public ConnectionRateLimitOptions ConnectionRateLimit { get; set; } = new();

    public RestRateLimitOptions RestRateLimit { get; set; } = new();

    /// <summary>The largest message a client may send on the channel (the subscription payload).</summary>
    public int MaxClientFrameBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Frames queued per socket; a client that lets its queue fill is disconnected as a slow consumer.</summary>
    public int SendQueueCapacity { get; set; } = 65_536;

    /// <summary>How many emitted deltas the delta log keeps.</summary>
    public int DeltaLogCapacity { get; set; } = 100_000;

    /// <summary>How many handshakes and corrections their logs keep.</summary>
    public int RecordLogCapacity { get; set; } = 10_000;

    /// <summary>Whether <c>/emulator/*</c> answers callers that are not on loopback. Off: such callers get 403.</summary>
    public bool AllowRemoteControl { get; set; }

    public SimulationOptions Simulation { get; set; } = new();

    /// <summary>The faults switched on at start-up; they can be changed at run time.</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>The tenants in effect: the configured ones, or the demo tenant.</summary>
    public IReadOnlyList<TenantOptions> EffectiveTenants => Tenants.Count > 0 ? Tenants : [TenantOptions.Demo()];
}
