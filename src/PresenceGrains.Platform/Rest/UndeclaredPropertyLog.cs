using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PresenceGrains.Platform.Logging;
using PresenceGrains.Platform.Telemetry;
using PresenceGrains.Protocol;

namespace PresenceGrains.Platform.Rest;

/// <summary>
/// Counts the properties a platform sends beyond the schema, and logs each name once: a platform release that adds a
/// field shows up as one line per field, not one per message. Names only, never values. The names come from the
/// platform, so they are redacted and cut, and past <see cref="MaxNames"/> distinct ones a flood of invented names
/// is counted under one name instead of growing the log and the metric's dimensions.
/// </summary>
internal sealed class UndeclaredPropertyLog(ILogger logger, PlatformMetrics metrics, string tenantId)
{
    public const int MaxNames = 128;
    public const string OtherNames = "(other)";
    private const int MaxNameLength = 128;

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    /// <summary>An accepted message of <paramref name="kind"/> carried these undeclared properties.</summary>
    public void Saw(SchemaKind kind, IReadOnlyList<string> paths) => Saw(kind.ToString(), paths);

    /// <summary>An accepted message named <paramref name="message"/> (a schema's name, any platform) carried these.</summary>
    public void Saw(string message, IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            var name = SecretRedactor.Redact(path.Length > MaxNameLength ? path[..MaxNameLength] + "…" : path);
            var key = $"{message} {name}";
            var known = _seen.ContainsKey(key);
            if (!known && _seen.Count < MaxNames && _seen.TryAdd(key, 0))
            {
                known = true;
                PlatformLog.UndeclaredProperty(logger, tenantId, message, name);
            }

            metrics.UndeclaredPropertySeen(tenantId, message, known ? name : OtherNames);
        }
    }
}
