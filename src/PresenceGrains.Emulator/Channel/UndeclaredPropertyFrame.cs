using System.Text;
using System.Text.Json.Nodes;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// A frame as a newer platform release would send it: the same message with a property the schemas do not declare.
/// The value is an object, so a reader that logs it rather than its name would show.
/// </summary>
internal static class UndeclaredPropertyFrame
{
    public static byte[] Add(byte[] payload, UndeclaredPropertiesFault fault)
    {
        if (JsonNode.Parse(payload) is not JsonObject message)
        {
            return payload;
        }

        message[fault.Name] = new JsonObject { ["release"] = "2027.1", ["secretish"] = "value-not-for-logs" };
        // Nested: inside the seed delta's composite, or a Genesys event's body.
        if (fault.Nested && (message["compositeState"] ?? message["eventBody"]) is JsonObject inner)
        {
            inner[fault.Name] = 1;
        }

        return Encoding.UTF8.GetBytes(message.ToJsonString());
    }
}
