using System.Reflection;

namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>Where the repository and the Bicep CLI are, as the build recorded them (see the csproj).</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string BicepExecutable { get; } = Metadata("BicepExecutable");

    public static string MainBicep => File("infra", "main.bicep");

    /// <summary>Where every workbook and alert query lives, one KQL file each.</summary>
    public static string Queries => File("infra", "app", "queries");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly carries no '{key}' metadata: build it with its csproj.");
}
