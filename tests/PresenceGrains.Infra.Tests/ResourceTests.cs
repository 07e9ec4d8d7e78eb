using System.Text.Json;
using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class ResourceTests(CompiledTemplate compiled)
{
    private ArmTemplate Main => compiled.Main;

    [Fact]
    public void Every_module_deploys_into_the_one_resource_group_main_creates()
    {
        var group = Assert.Single(Main.Resources, resource => resource.Type == "Microsoft.Resources/resourceGroups");
        var modules = Main.Resources.Where(resource => resource.Type == ArmTemplate.DeploymentType).ToList();

        Assert.NotEmpty(modules);
        Assert.All(modules, module => Assert.Equal(group.Name, module.Json.GetProperty("resourceGroup").GetString()));
    }

    [Fact]
    public void Container_app_runs_as_the_user_assigned_identity_and_pulls_with_it()
    {
        var app = compiled.HostApp;

        Assert.Equal("UserAssigned", app.At("identity.type").GetString());
        var identity = Assert.Single(app.At("identity.userAssignedIdentities").EnumerateObject());
        var identityParameter = ArmTemplate.ParameterIn(identity.Name);
        var registry = Assert.Single(app.At("properties.configuration.registries").EnumerateArray());
        Assert.Equal(identityParameter, ArmTemplate.ParameterIn(registry.GetProperty("identity").GetString()!));
        Assert.Equal(("identity", "id"), ModuleInputOfHost(identityParameter));
        Assert.Equal(("identity", "clientId"), ModuleInputOfHost("identityClientId"));
    }

    [Fact]
    public void Container_app_keeps_at_least_two_replicas_whatever_the_deployment_passes()
    {
        var app = compiled.HostApp;
        var minReplicas = app.At("properties.template.scale.minReplicas");

        var lowest = minReplicas.ValueKind == JsonValueKind.Number
            ? minReplicas.GetInt32()
            : app.Template.Parameter(ArmTemplate.ParameterIn(minReplicas.GetString()!)).GetProperty("minValue").GetInt32();

        Assert.True(lowest >= 2, $"minReplicas can be {lowest}");
    }

    [Fact]
    public void Container_app_serves_http_on_8080_externally_and_is_tagged_for_azd()
    {
        var app = compiled.HostApp;

        Assert.True(app.At("properties.configuration.ingress.external").GetBoolean());
        Assert.Equal(8080, app.At("properties.configuration.ingress.targetPort").GetInt32());
        Assert.Contains("createObject('azd-service-name', 'host')", app.At("tags").GetString(), StringComparison.Ordinal);
        Assert.Equal(("container-apps-environment", "id"), ModuleInputOfHost(ArmTemplate.ParameterIn(app.At("properties.environmentId").GetString()!)));
        Main.Single("Microsoft.App/managedEnvironments");
    }

    [Fact]
    public void Container_app_starts_only_after_its_roles_exist()
    {
        var dependsOn = Main.Deployment("host").Json.GetProperty("dependsOn").EnumerateArray().Select(dependency => dependency.GetString()!);

        Assert.Contains(dependsOn, dependency => dependency.Contains("'role-assignments'", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_accepts_only_entra_id_over_tls()
    {
        var storage = Main.Single("Microsoft.Storage/storageAccounts");

        Assert.False(storage.At("properties.allowSharedKeyAccess").GetBoolean());
        Assert.True(storage.At("properties.defaultToOAuthAuthentication").GetBoolean());
        Assert.False(storage.At("properties.allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", storage.At("properties.minimumTlsVersion").GetString());
    }

    [Fact]
    public void Key_vault_authorises_by_role_and_holds_the_platform_secret()
    {
        var vault = Main.Single("Microsoft.KeyVault/vaults");
        var secret = Main.Single("Microsoft.KeyVault/vaults/secrets");

        Assert.True(vault.At("properties.enableRbacAuthorization").GetBoolean());
        Assert.Same(vault.Template, secret.Template);
        Assert.Equal("securestring", secret.Template.Parameter(ArmTemplate.ParameterIn(secret.At("properties.value").GetString()!)).GetProperty("type").GetString());
    }

    [Fact]
    public void Telemetry_goes_to_application_insights_backed_by_log_analytics()
    {
        Main.Single("Microsoft.OperationalInsights/workspaces");
        var insights = Main.Single("Microsoft.Insights/components");

        var workspace = ArmTemplate.ParameterIn(insights.At("properties.WorkspaceResourceId").GetString()!);
        Assert.Equal(("loganalytics", "id"), compiled.ModuleInput("applicationinsights", workspace));
    }

    [Theory]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")] // Storage Table Data Contributor
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")] // Storage Queue Data Contributor
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")] // Key Vault Secrets User
    [InlineData("7f951dda-4ed3-4680-a7ca-43fe172d538d", "Microsoft.ContainerRegistry/registries")] // AcrPull
    public void Host_identity_holds_the_role_on_the_resource_it_is_for(string roleDefinitionId, string scopeType)
    {
        var roles = Main.Module("role-assignments");
        var assignment = Assert.Single(
            roles.Resources,
            resource => resource.Type == "Microsoft.Authorization/roleAssignments"
                && roles.ResolveVariables(resource.At("properties.roleDefinitionId").GetString()!).Contains($"'{roleDefinitionId}'", StringComparison.Ordinal));

        Assert.Equal("ServicePrincipal", assignment.At("properties.principalType").GetString());
        Assert.StartsWith($"[resourceId('{scopeType}'", assignment.At("scope").GetString(), StringComparison.Ordinal);
        var principal = ArmTemplate.ParameterIn(assignment.At("properties.principalId").GetString()!);
        Assert.Equal(("identity", "principalId"), compiled.ModuleInput("role-assignments", principal));
    }

    private (string Module, string Output) ModuleInputOfHost(string parameter) => compiled.ModuleInput("host", parameter);
}
