using System.Text.Json;

namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>One resource of a compiled template, with the template it is declared in.</summary>
internal sealed record ArmResource(ArmTemplate Template, JsonElement Json)
{
    public string Type => Json.GetProperty("type").GetString()!;

    public string Name => Json.GetProperty("name").GetString()!;

    public JsonElement Properties => Json.GetProperty("properties");

    public override string ToString() => $"{Type} {Name}";

    /// <summary>The JSON at a dotted path below the resource, e.g. "properties.template.scale.minReplicas".</summary>
    public JsonElement At(string path) =>
        path.Split('.').Aggregate(Json, (element, name) => element.TryGetProperty(name, out var child)
            ? child
            : throw new KeyNotFoundException($"{Type} '{Name}' has no '{path}' (stopped at '{name}')."));
}
