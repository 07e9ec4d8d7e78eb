using System.Text;
using System.Text.RegularExpressions;

namespace PresenceGrains.Platform.Logging;

/// <summary>
/// Removes credentials from anything that may reach a log line: the <c>access_token</c> of the channel URL, bearer and
/// basic credentials, and OAuth fields in JSON or form bodies. Every log call of this project passes URLs, exception
/// messages and platform-supplied text through here first.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The longest text kept from platform-supplied strings, so a hostile frame cannot flood the log.</summary>
    public const int MaxTextLength = 512;

    /// <summary>The text with every credential replaced by <see cref="Mask"/>, cut to <see cref="MaxTextLength"/>.</summary>
    public static string Redact(string? text)
    {
        var redacted = MaskCredentials(text);
        return redacted.Length <= MaxTextLength ? redacted : string.Concat(redacted.AsSpan(0, MaxTextLength), "…");
    }

    /// <summary>The text with every credential replaced by <see cref="Mask"/>, at its full length (for text bounded elsewhere).</summary>
    public static string MaskCredentials(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var redacted = QueryCredential().Replace(text, m => $"{m.Groups["key"].Value}={Mask}");
        redacted = HeaderCredential().Replace(redacted, m => $"{m.Groups["scheme"].Value} {Mask}");
        return JsonCredential().Replace(redacted, m => $"\"{m.Groups["key"].Value}\":\"{Mask}\"");
    }

    /// <summary>A URL as it may be logged: the query credentials masked.</summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return Redact(uri.OriginalString);
    }

    /// <summary>
    /// An exception as it may be logged: type and redacted message of it and its inner exceptions. The exception object
    /// itself is never handed to a logger, because its message can echo a URL with a token in it.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(current.GetType().Name).Append(": ").Append(current.Message);
        }

        return Redact(text.ToString());
    }

    [GeneratedRegex(@"(?<key>access_token|refresh_token|id_token|client_secret|password)=(?<value>[^&\s""'#<>()\[\]{},;|]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryCredential();

    [GeneratedRegex(@"(?<scheme>Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderCredential();

    [GeneratedRegex(@"""(?<key>access_token|refresh_token|id_token|client_secret|password)""\s*:\s*""(?:[^""\\]|\\.)*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonCredential();
}
