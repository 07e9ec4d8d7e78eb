using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace PresenceGrains.Protocol;

/// <summary>
/// The protocol's JSON Schemas, loaded once from the embedded <c>Schemas/*.schema.json</c> files, and validation against
/// them. Both sides of the wire use these same files.
/// </summary>
public static class ProtocolSchemas
{
    private static readonly FrozenDictionary<SchemaKind, string> FileNames = new Dictionary<SchemaKind, string>
    {
        [SchemaKind.TokenResponse] = "token-response.schema.json",
        [SchemaKind.OAuthError] = "oauth-error.schema.json",
        [SchemaKind.Subscription] = "subscription.schema.json",
        [SchemaKind.PresenceStateChange] = "presence-state-change.schema.json",
        [SchemaKind.Heartbeat] = "heartbeat.schema.json",
        [SchemaKind.Subscribed] = "subscribed.schema.json",
        [SchemaKind.ErrorFrame] = "error-frame.schema.json",
        [SchemaKind.UserSnapshot] = "user-snapshot.schema.json",
        [SchemaKind.BulkSnapshot] = "bulk-snapshot.schema.json",
        [SchemaKind.Correction] = "correction.schema.json",
        [SchemaKind.GenesysTokenResponse] = "genesys-token-response.schema.json",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<SchemaKind, JsonSchema>> Schemas = new(Load);

    // Most messages are valid: the pass/fail answer (Flag) is enough for them and costs a third less than the list of
    // every node's result, which is built only to name the problems of an invalid one.
    private static readonly EvaluationOptions Check = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
    };

    private static readonly EvaluationOptions Explain = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    /// <summary>The raw text of a schema, as shipped.</summary>
    public static string Text(SchemaKind kind) => ReadResource(FileNames[kind]);

    /// <summary>Validates one JSON value; the result names every problem by location.</summary>
    /// <remarks>A delta the hand-written <see cref="PresenceStateChangeCheck"/> accepts is not evaluated again.</remarks>
    public static SchemaValidationResult Validate(SchemaKind kind, JsonElement instance)
    {
        if (kind == SchemaKind.PresenceStateChange && PresenceStateChangeCheck.IsCertainlyValid(instance))
        {
            return SchemaValidationResult.Valid;
        }

        return EvaluateSchema(kind, instance);
    }

    /// <summary>Evaluates the schema itself, never a hand-written check (what the checks are tested against).</summary>
    public static SchemaValidationResult EvaluateSchema(SchemaKind kind, JsonElement instance)
    {
        var schema = Schemas.Value[kind];
        if (schema.Evaluate(instance, Check).IsValid)
        {
            return SchemaValidationResult.Valid;
        }

        var result = schema.Evaluate(instance, Explain);
        var errors = new List<string>();
        foreach (var detail in result.Details ?? [])
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{(detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {keyword}: {message}");
            }
        }

        if (errors.Count == 0 && result.Errors is { } topLevel)
        {
            errors.AddRange(topLevel.Select(e => $"/: {e.Key}: {e.Value}"));
        }

        return new SchemaValidationResult(false, errors);
    }

    private static FrozenDictionary<SchemaKind, JsonSchema> Load()
    {
        // Register every schema first so that $ref between files (the bulk snapshot refers to the user snapshot) resolves.
        var registry = new SchemaRegistry();
        var loaded = new Dictionary<SchemaKind, JsonSchema>();
        var buildOptions = new BuildOptions { SchemaRegistry = registry };
        foreach (var (kind, file) in FileNames)
        {
            loaded[kind] = JsonSchema.FromText(ReadResource(file), buildOptions);
        }

        return loaded.ToFrozenDictionary();
    }

    private static string ReadResource(string file)
    {
        var assembly = typeof(ProtocolSchemas).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Schemas.{file}")
            ?? throw new InvalidOperationException($"Schema resource '{file}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
