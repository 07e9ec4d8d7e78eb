using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class DashboardTests(CompiledTemplate compiled)
{
    [Fact]
    public void Workbook_is_shared_and_reads_the_application_insights_the_host_sends_to()
    {
        var workbook = compiled.Main.Single("Microsoft.Insights/workbooks");

        Assert.Equal("shared", workbook.Json.GetProperty("kind").GetString());
        Assert.Equal("workbook", workbook.At("properties.category").GetString());
        var source = compiled.ModuleInput("dashboard", ArmTemplate.ParameterIn(workbook.At("properties.sourceId").GetString()!));
        Assert.Equal(("applicationinsights", "id"), source);
        Assert.Equal(source.Module, compiled.ModuleInput("host", "applicationInsightsConnectionString").Module);
    }

    [Fact]
    public void Azd_outputs_the_portal_link_of_the_workbook()
    {
        Assert.Equal(("dashboard", "url"), ArmTemplate.ModuleOutputIn(compiled.Main.Output("PRESENCE_DASHBOARD_URL")));

        var url = compiled.Main.Module("dashboard").Output("url");
        Assert.StartsWith("[format('{0}/#@{1}/resource{2}/workbook', environment().portal, tenant().tenantId, resourceId('Microsoft.Insights/workbooks',", url, StringComparison.Ordinal);
    }
}
