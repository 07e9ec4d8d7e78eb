using OpenTelemetry;
using OpenTelemetry.Logs;
using PresenceGrains.Platform.Logging;

namespace PresenceGrains.Host.Telemetry;

/// <summary>
/// Masks credentials in every log record before any exporter sees it. This project's own log lines are redacted where
/// they are written; this catches the framework's, such as ASP.NET Core's request log, which writes the query string of
/// a live-feed request with its <c>access_token</c>.
/// </summary>
internal sealed class LogRedaction : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FormattedMessage is { } message)
        {
            data.FormattedMessage = SecretRedactor.MaskCredentials(message);
        }

        if (data.Attributes is { Count: > 0 } attributes && attributes.Any(a => Masked(a.Value) is not null))
        {
            data.Attributes = [.. attributes.Select(a => Masked(a.Value) is { } masked ? new KeyValuePair<string, object?>(a.Key, masked) : a)];
        }
    }

    /// <summary>The value's text with its credentials masked, when it had any; null otherwise.</summary>
    private static string? Masked(object? value)
    {
        // Numbers, dates and the like cannot carry a credential; strings and things like a query string can.
        if (value is null or IFormattable or bool)
        {
            return null;
        }

        var text = value.ToString();
        var masked = SecretRedactor.MaskCredentials(text);
        return string.Equals(masked, text, StringComparison.Ordinal) ? null : masked;
    }
}
