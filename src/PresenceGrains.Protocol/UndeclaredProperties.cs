using System.Text.Json;

namespace PresenceGrains.Protocol;

/// <summary>
/// Properties a message carries that its schema does not declare where the schema closes the object
/// (<c>additionalProperties: false</c>). Platforms add fields with every release; a reader that refused them would refuse
/// every message after such an upgrade. So a reader finds them, sets them aside, and validates what is left against the
/// schema as written: a missing or wrong-typed required field, an unknown state or a bad time still fails. The schemas
/// stay closed because they are also what this side sends and what the emulator accepts.
/// </summary>
public static class UndeclaredProperties
{
    /// <summary>A message with more undeclared properties than this is reported by its first ones only.</summary>
    public const int MaxReported = SchemaShapes<SchemaKind>.MaxReported;

    /// <summary>
    /// The paths of the undeclared properties, each once (<c>compositeState.deviceStates[].firmware</c>): names only,
    /// never values. Empty for a message that has none.
    /// </summary>
    public static IReadOnlyList<string> Find(SchemaKind kind, JsonElement message) => ProtocolSchemas.Set.Shapes.Find(kind, message);

    /// <summary>A copy of <paramref name="message"/> without its undeclared properties, for validation and reading.</summary>
    public static JsonDocument Without(SchemaKind kind, JsonElement message) => ProtocolSchemas.Set.Shapes.Without(kind, message);
}
