using System.Text.Json;
using System.Text.Json.Serialization;

namespace PresenceGrains.Host.Api;

/// <summary>The API's JSON: camelCase members and camelCase enum names, the same for HTTP answers and the live feed.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
