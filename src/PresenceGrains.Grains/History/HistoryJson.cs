using System.Text.Json;
using System.Text.Json.Serialization;

namespace PresenceGrains.Grains.History;

/// <summary>The stored form of a publication: the same JSON the API serves.</summary>
internal static class HistoryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
