using System.Text.RegularExpressions;

namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>The ${NAME} and ${NAME=default} references azd substitutes from its environment.</summary>
internal static partial class AzdVariables
{
    /// <summary>What azd itself puts in every environment (SERVICE_HOST_RESOURCE_EXISTS: for the service named host).</summary>
    public static readonly IReadOnlySet<string> BuiltIns = new HashSet<string>(StringComparer.Ordinal)
    {
        "AZURE_ENV_NAME",
        "AZURE_LOCATION",
        "AZURE_PRINCIPAL_ID",
        "AZURE_SUBSCRIPTION_ID",
        "SERVICE_HOST_RESOURCE_EXISTS",
    };

    public static IReadOnlyList<string> In(string text) =>
        Reference().Matches(text).Select(match => match.Groups[1].Value).Distinct().ToList();

    /// <summary>The variable a value consists of, when it is exactly one ${NAME}.</summary>
    public static string? Whole(string value) => WholeReference().Match(value) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:=[^}]*)?\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")]
    private static partial Regex WholeReference();
}
