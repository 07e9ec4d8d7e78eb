using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class BicepBuildTests(CompiledTemplate compiled)
{
    [Fact]
    public void Main_bicep_compiles_to_a_subscription_template_without_diagnostics()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.ToString());
        Assert.True(compiled.Build.Errors.Trim().Length == 0, $"bicep build reported:{Environment.NewLine}{compiled.Build.Errors}");
        Assert.Contains("subscriptionDeploymentTemplate.json", compiled.Build.Output, StringComparison.Ordinal);
    }
}
