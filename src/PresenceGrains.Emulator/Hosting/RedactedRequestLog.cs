using System.Text.RegularExpressions;

namespace PresenceGrains.Emulator.Hosting;

/// <summary>
/// One log line per request with the query string's <c>access_token</c> redacted. ASP.NET Core's own request lines
/// (which print the raw URL) are silenced in <see cref="EmulatorApp"/>, so this is the only place a URL is logged.
/// </summary>
internal sealed partial class RedactedRequestLog(RequestDelegate next, TimeProvider time, ILogger<RedactedRequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogRequest(logger, context.Request.Method, context.Request.Path, Redact(context.Request.QueryString.Value), context.Response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>Replaces the value of every <c>access_token</c> parameter.</summary>
    public static string Redact(string? query) =>
        string.IsNullOrEmpty(query) ? "" : TokenParameter().Replace(query, "$1[redacted]");

    [GeneratedRegex("((?:^|[?&])access_token=)[^&]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenParameter();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}{Query} → {Status} in {Milliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, string query, int status, double milliseconds);
}
