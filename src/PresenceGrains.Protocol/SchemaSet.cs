using System.Collections.Frozen;
using System.Text.Json;
using Json.Schema;

namespace PresenceGrains.Protocol;

/// <summary>
/// A family of JSON Schemas embedded in this assembly (one file per message kind), loaded once, and validation against
/// them. The seed protocol (<see cref="ProtocolSchemas"/>) and Genesys Cloud (<see cref="Genesys.GenesysSchemas"/>)
/// are each one set; a set's files may refer to each other by file name.
/// </summary>
internal sealed class SchemaSet<TKind>
    where TKind : struct, Enum
{
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

    private readonly FrozenDictionary<TKind, string> _fileNames;
    private readonly string _resourcePrefix;
    private readonly Lazy<FrozenDictionary<TKind, JsonSchema>> _schemas;
    private readonly Lazy<SchemaShapes<TKind>> _shapes;

    /// <param name="resourcePrefix">The logical name of the embedded files before their file name, e.g. <c>Schemas.</c>.</param>
    public SchemaSet(IReadOnlyDictionary<TKind, string> fileNames, string resourcePrefix)
    {
        _fileNames = fileNames.ToFrozenDictionary();
        _resourcePrefix = resourcePrefix;
        _schemas = new Lazy<FrozenDictionary<TKind, JsonSchema>>(Load);
        _shapes = new Lazy<SchemaShapes<TKind>>(() => new SchemaShapes<TKind>(Text, Enum.GetValues<TKind>()));
    }

    /// <summary>Which properties each schema declares, for setting aside the undeclared ones.</summary>
    public SchemaShapes<TKind> Shapes => _shapes.Value;

    /// <summary>The raw text of a schema, as shipped.</summary>
    public string Text(TKind kind) => ReadResource(_fileNames[kind]);

    /// <summary>Evaluates the schema; the result names every problem by location.</summary>
    public SchemaValidationResult Evaluate(TKind kind, JsonElement instance)
    {
        var schema = _schemas.Value[kind];
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

    private FrozenDictionary<TKind, JsonSchema> Load()
    {
        // Register every schema first so that $ref between files resolves.
        var registry = new SchemaRegistry();
        var loaded = new Dictionary<TKind, JsonSchema>();
        var buildOptions = new BuildOptions { SchemaRegistry = registry };
        foreach (var (kind, file) in _fileNames)
        {
            loaded[kind] = JsonSchema.FromText(ReadResource(file), buildOptions);
        }

        return loaded.ToFrozenDictionary();
    }

    private string ReadResource(string file)
    {
        var assembly = typeof(SchemaSet<TKind>).Assembly;
        using var stream = assembly.GetManifestResourceStream(_resourcePrefix + file)
            ?? throw new InvalidOperationException($"Schema resource '{_resourcePrefix}{file}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
