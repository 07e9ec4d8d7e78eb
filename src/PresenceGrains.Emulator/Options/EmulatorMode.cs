namespace PresenceGrains.Emulator;

/// <summary>Which platform the emulator speaks. The simulation, its truth and the faults are the same in both.</summary>
public enum EmulatorMode
{
    /// <summary>The seed protocol (<c>/oauth/token</c>, <c>/api/v2/presence</c>).</summary>
    Seed,

    /// <summary>Genesys Cloud's login and Platform API (<c>/genesys/login</c>, <c>/genesys/api</c>) and its notification channels.</summary>
    GenesysCloud,
}
