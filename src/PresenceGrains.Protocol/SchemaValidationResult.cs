namespace PresenceGrains.Protocol;

/// <summary>The outcome of validating one message against its schema.</summary>
public sealed record SchemaValidationResult(bool IsValid, IReadOnlyList<string> Errors)
{
    public static SchemaValidationResult Valid { get; } = new(true, []);

    /// <summary>One line naming every problem, for an error frame or a log line.</summary>
    public string Describe() => IsValid ? "valid" : string.Join("; ", Errors);
}
