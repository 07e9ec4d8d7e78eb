namespace PresenceGrains.Host.Api;

/// <summary>Parses query filters strictly: anything not understood is a 400 naming it, never a silent "no filter".</summary>
public static class QueryParsing
{
    public static bool TryParseEnum<T>(string? value, out T? parsed, out string? error)
        where T : struct, Enum
    {
        parsed = null;
        error = null;
        if (value is null)
        {
            return true;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v) && !value.Any(char.IsDigit))
        {
            parsed = v;
            return true;
        }

        error = $"'{value}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}.";
        return false;
    }

    public static bool TryParseBool(string? value, out bool? parsed, out string? error)
    {
        parsed = null;
        error = null;
        if (value is null)
        {
            return true;
        }

        if (bool.TryParse(value, out var v))
        {
            parsed = v;
            return true;
        }

        error = $"'{value}' is not true or false.";
        return false;
    }

    public static bool TryParseInstant(string? value, DateTimeOffset fallback, out DateTimeOffset parsed, out string? error)
    {
        error = null;
        if (value is null)
        {
            parsed = fallback;
            return true;
        }

        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out parsed))
        {
            return true;
        }

        error = $"'{value}' is not an ISO 8601 instant.";
        return false;
    }
}
