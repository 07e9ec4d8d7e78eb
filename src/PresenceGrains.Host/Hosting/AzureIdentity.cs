using Azure.Core;
using Azure.Identity;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// The one credential of the process for Azure Storage and Key Vault: DefaultAzureCredential finds the managed identity
/// in Azure (its client id in <c>AZURE_CLIENT_ID</c>) and a developer's sign-in locally. One instance, one token cache.
/// </summary>
internal static class AzureIdentity
{
    public static TokenCredential Credential { get; } = new DefaultAzureCredential();
}
