using System.Diagnostics;
using PresenceGrains.Platform.Logging;

namespace PresenceGrains.Host.Telemetry;

/// <summary>
/// Which outgoing HTTP requests get a client span, and what their URL attribute shows. Requests inside a trace and every
/// request to the platform (token, channel handshake, REST) are traced; storage polling and other background calls
/// outside any trace are not, or Orleans' queue readers alone would produce dozens of spans a second. The URL passes
/// through <see cref="SecretRedactor"/>: the channel handshake carries its token in the query string. With Azure Monitor
/// on, its distro sets its own request filter (it drops HttpClient spans that duplicate Azure SDK spans) in place of
/// this one; the URL masking stays.
/// </summary>
internal sealed class OutgoingRequests(Uri? platformBaseUrl)
{
    private const string UrlAttribute = "url.full";

    private readonly string? _platformAuthority = platformBaseUrl?.Authority;

    public bool ShouldTrace(HttpRequestMessage request) =>
        (Activity.Current is { } span && span.ParentSpanId != default)
        || (request.RequestUri is { } uri && string.Equals(uri.Authority, _platformAuthority, StringComparison.OrdinalIgnoreCase));

    public static void Redact(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is { } uri)
        {
            activity.SetTag(UrlAttribute, SecretRedactor.Redact(uri));
        }
    }
}
