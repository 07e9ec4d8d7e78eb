using Azure.Data.Tables;
using Azure.Storage.Queues;
using System.ComponentModel.DataAnnotations;

namespace PresenceGrains.Host.Configuration;

/// <summary>
/// Where clustering, grain state, reminders, streams and history live (section <c>Presence:Storage</c>): <c>Memory</c>
/// (the embedded default, one process), an Azure Storage connection string (Azurite locally), or table and queue
/// endpoints reached with the managed identity (Azure, no keys).
/// </summary>
public sealed class StorageSettings : IValidatableObject
{
    public const string Section = "Presence:Storage";
    public const string MemoryValue = "Memory";

    public string ConnectionString { get; set; } = MemoryValue;

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public bool IsMemory => TableServiceUri is null && string.Equals(ConnectionString, MemoryValue, StringComparison.OrdinalIgnoreCase);

    public bool UsesIdentity => TableServiceUri is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TableServiceUri is not null ^ QueueServiceUri is not null)
        {
            yield return new ValidationResult(
                "Presence:Storage needs both TableServiceUri and QueueServiceUri when it uses endpoints (managed identity).",
                [nameof(TableServiceUri), nameof(QueueServiceUri)]);
        }

        if (TableServiceUri is null && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Presence:Storage:ConnectionString must be 'Memory' or an Azure Storage connection string.", [nameof(ConnectionString)]);
        }

        if (!IsMemory && !UsesIdentity && !string.IsNullOrWhiteSpace(ConnectionString) && ParseError(ConnectionString) is { } error)
        {
            yield return new ValidationResult(
                $"Presence:Storage:ConnectionString is neither 'Memory' nor a valid Azure Storage connection string (DefaultEndpointsProtocol=…): {error}",
                [nameof(ConnectionString)]);
        }
    }

    /// <summary>
    /// Why the storage clients would refuse this connection string, found now rather than as a FormatException deep in
    /// silo start-up. Only the parser's words are kept: the string itself holds the account key.
    /// </summary>
    private static string? ParseError(string connectionString)
    {
        if (!connectionString.Contains("EndpointsProtocol=", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "it names no endpoints protocol";
        }

        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new QueueServiceClient(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return "the storage client could not parse it (" + ex.GetType().Name + ")";
        }
    }
}
