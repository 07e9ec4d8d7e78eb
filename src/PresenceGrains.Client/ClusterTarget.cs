using Azure.Data.Tables;

namespace PresenceGrains.Client;

/// <summary>Where the options point the client, said without the account key: what an unreachable-cluster error reports.</summary>
internal static class ClusterTarget
{
    public static string Describe(PresenceClientOptions options)
    {
        var cluster = $"cluster '{options.ClusterId}', service '{options.ServiceId}'";
        if (options.IsLocalhost)
        {
            return $"gateway 127.0.0.1:{options.GatewayPort}, {cluster}";
        }

        var tables = options.UsesIdentity ? options.TableServiceUri! : new TableServiceClient(options.ConnectionString).Uri;
        return $"gateways listed in the membership table at {tables.GetLeftPart(UriPartial.Path)} (Azure Table), {cluster}";
    }
}
