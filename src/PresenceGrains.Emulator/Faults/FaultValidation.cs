namespace PresenceGrains.Emulator;

/// <summary>The range checks of every fault's settings, shared by start-up validation and the control endpoint.</summary>
internal static class FaultValidation
{
    public static IEnumerable<string> Problems(FaultOptions faults) =>
    [
        .. Prefixed("Reorder", faults.Reorder, Problems),
        .. Prefixed("Duplicate", faults.Duplicate, Problems),
        .. Prefixed("Delay", faults.Delay, Problems),
        .. Prefixed("RefuseReconnects", faults.RefuseReconnects, Problems),
        .. Prefixed("MalformedFrames", faults.MalformedFrames, Problems),
        .. Prefixed("OversizedFrames", faults.OversizedFrames, Problems),
        .. Prefixed("ChangesWhileDisconnected", faults.ChangesWhileDisconnected, Problems),
        .. Prefixed("UndeclaredProperties", faults.UndeclaredProperties, Problems),
        .. Prefixed("LoseDeltas", faults.LoseDeltas, Problems),
        .. faults.TokenLifetimeSeconds is < 1 ? ["TokenLifetimeSeconds must be at least 1."] : Array.Empty<string>(),
    ];

    public static IEnumerable<string> Problems(ReorderFault f) =>
        Checks((IsProbability(f.Probability), "Probability must be between 0 and 1."),
            (f.MaxHoldMilliseconds is >= 1 and <= 60_000, "MaxHoldMilliseconds must be between 1 and 60000."));

    public static IEnumerable<string> Problems(DuplicateFault f) =>
        Checks((IsProbability(f.Probability), "Probability must be between 0 and 1."));

    public static IEnumerable<string> Problems(DelayFault f) =>
        Checks((f.Milliseconds is >= 0 and <= 60_000, "Milliseconds must be between 0 and 60000."),
            (f.JitterMilliseconds is >= 0 and <= 60_000, "JitterMilliseconds must be between 0 and 60000."));

    public static IEnumerable<string> Problems(RefuseReconnectsFault f) =>
        Checks((f.Count is null or >= 1, "Count must be at least 1 when set."),
            (f.DurationSeconds is null or >= 1, "DurationSeconds must be at least 1 when set."),
            (f.RetryAfterSeconds is >= 0 and <= 3600, "RetryAfterSeconds must be between 0 and 3600."));

    public static IEnumerable<string> Problems(MalformedFramesFault f) =>
        Checks((IsProbability(f.Probability), "Probability must be between 0 and 1."),
            (f.Count is null or >= 1, "Count must be at least 1 when set."),
            (f.Count is not null || f.Probability > 0, "needs a Count or a Probability above 0."));

    public static IEnumerable<string> Problems(OversizedFramesFault f) =>
        Checks((IsProbability(f.Probability), "Probability must be between 0 and 1."),
            (f.Count is null or >= 1, "Count must be at least 1 when set."),
            (f.Count is not null || f.Probability > 0, "needs a Count or a Probability above 0."),
            (f.SizeBytes is >= 1024 and <= 64 * 1024 * 1024, "SizeBytes must be between 1 KiB and 64 MiB."));

    public static IEnumerable<string> Problems(ChangesWhileDisconnectedFault f) =>
        Checks((f.Changes is >= 1 and <= 10_000, "Changes must be between 1 and 10000."));

    public static IEnumerable<string> Problems(UndeclaredPropertiesFault f) =>
        Checks((IsProbability(f.Probability) && f.Probability > 0, "Probability must be above 0 and at most 1."),
            (f.Name is { Length: >= 1 and <= 64 }, "Name must be 1 to 64 characters."),
            (!DeclaredNames.Contains(f.Name ?? ""), "Name must not be a property the protocol declares."));

    public static IEnumerable<string> Problems(LoseDeltasFault f) =>
        Checks((IsProbability(f.Probability), "Probability must be between 0 and 1."),
            (f.Count is null or >= 1, "Count must be at least 1 when set."),
            (f.Count is not null || f.Probability > 0, "needs a Count or a Probability above 0."));

    public static IEnumerable<string> Problems(RateLimitFault f) =>
        Checks((f.Count is >= 1 and <= 1_000_000, "Count must be between 1 and 1000000."),
            (f.RetryAfterSeconds is >= 0 and <= 3600, "RetryAfterSeconds must be between 0 and 3600."));

    public static IEnumerable<string> Problems(SocketClosingFault f) =>
        Checks((f.GraceSeconds is >= 0 and <= 3600, "GraceSeconds must be between 0 and 3600."));

    public static IEnumerable<string> Problems(ExpireTokensFault f) =>
        Checks((f.LifetimeSeconds is null or >= 1, "LifetimeSeconds must be at least 1 when set."));

    private static bool IsProbability(double p) => p is >= 0 and <= 1;

    /// <summary>Every property name of the frames the fault touches: adding one of these would not be undeclared.</summary>
    private static readonly HashSet<string> DeclaredNames =
    [
        "eventType", "userId", "deviceId", "state", "statusCode", "lastUpdated", "reason", "compositeState", "priority",
        "deviceStates", "timestamp", "topicName", "version", "eventBody", "metadata",
    ];

    private static IEnumerable<string> Checks(params (bool Ok, string Message)[] checks) =>
        checks.Where(c => !c.Ok).Select(c => c.Message);

    private static IEnumerable<string> Prefixed<T>(string key, T? settings, Func<T, IEnumerable<string>> problems)
        where T : class =>
        settings is null ? [] : problems(settings).Select(p => $"{key}:{p}");
}
