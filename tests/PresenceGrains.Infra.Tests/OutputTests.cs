namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class OutputTests(CompiledTemplate compiled)
{
    // What azd itself reads (registry, resource group, service endpoint) and what the host's settings map from.
    private static readonly string[] Required =
    [
        "AZURE_RESOURCE_GROUP",
        "AZURE_CONTAINER_REGISTRY_ENDPOINT",
        "AZURE_STORAGE_TABLE_ENDPOINT",
        "AZURE_STORAGE_QUEUE_ENDPOINT",
        "AZURE_KEY_VAULT_URI",
        "AZURE_MANAGED_IDENTITY_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "SERVICE_HOST_NAME",
        "SERVICE_HOST_URI",
    ];

    [Fact]
    public void Main_bicep_outputs_what_azd_and_the_host_settings_read()
    {
        var missing = Required.Except(compiled.Main.OutputNames).ToList();

        Assert.True(missing.Count == 0, $"missing outputs: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Registry_endpoint_output_is_the_registry_the_app_pulls_from()
    {
        var pulledFrom = compiled.Main.Deployment("host").Properties.GetProperty("parameters").GetProperty("containerRegistryServer").GetProperty("value").GetString();

        Assert.Equal(compiled.Main.Output("AZURE_CONTAINER_REGISTRY_ENDPOINT"), pulledFrom);
    }
}
