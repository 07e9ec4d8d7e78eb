namespace PresenceGrains.Domain.Genesys;

/// <summary>Genesys Cloud's system presences (<c>presenceDefinition.systemPresence</c>).</summary>
public enum GenesysSystemPresence
{
    Offline,
    Available,
    OnQueue,
    Away,
    Busy,
    Idle,
    Meal,
    Training,
    Meeting,
    Break,
}

/// <summary>Reads a system presence from any of the spellings Genesys uses for it.</summary>
public static class GenesysSystemPresences
{
    /// <summary>
    /// The presence <paramref name="wire"/> names, or null when it names none. Genesys spells On Queue three ways
    /// (<c>On Queue</c>, <c>OnQueue</c>, <c>ON_QUEUE</c>) and the others in title or upper case, so the comparison ignores
    /// case, spaces and underscores.
    /// </summary>
    public static GenesysSystemPresence? Parse(string? wire)
    {
        if (string.IsNullOrWhiteSpace(wire) || wire.Length > 32)
        {
            return null;
        }

        Span<char> folded = stackalloc char[wire.Length];
        var length = 0;
        foreach (var c in wire)
        {
            if (c is not (' ' or '_'))
            {
                folded[length++] = char.ToLowerInvariant(c);
            }
        }

        return folded[..length] switch
        {
            "offline" => GenesysSystemPresence.Offline,
            "available" => GenesysSystemPresence.Available,
            "onqueue" => GenesysSystemPresence.OnQueue,
            "away" => GenesysSystemPresence.Away,
            "busy" => GenesysSystemPresence.Busy,
            "idle" => GenesysSystemPresence.Idle,
            "meal" => GenesysSystemPresence.Meal,
            "training" => GenesysSystemPresence.Training,
            "meeting" => GenesysSystemPresence.Meeting,
            "break" => GenesysSystemPresence.Break,
            _ => null,
        };
    }
}
