using System.Text.Json;
using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class AzdConfigurationTests(CompiledTemplate compiled)
{
    private const string Service = AzureYaml.Host;

    private readonly AzureYaml azureYaml = AzureYaml.Load();

    [Fact]
    public void Azure_yaml_deploys_the_host_project_as_a_container_app_built_from_the_repository_root()
    {
        Assert.Equal([Service], azureYaml.ServiceNames);
        Assert.Equal("dotnet", azureYaml.ServiceValue(Service, "language"));
        Assert.Equal("containerapp", azureYaml.ServiceValue(Service, "host"));
        var project = azureYaml.ProjectDirectory(Service);
        Assert.True(File.Exists(Path.Combine(project, "PresenceGrains.Host.csproj")), $"no host project in {project}");
        Assert.True(File.Exists(azureYaml.Dockerfile(Service)), $"no Dockerfile at {azureYaml.Dockerfile(Service)}");
        Assert.Equal(Path.TrimEndingDirectorySeparator(RepositoryLayout.Root), Path.TrimEndingDirectorySeparator(azureYaml.BuildContext(Service)));
    }

    [Fact]
    public void Azure_yaml_variables_are_azd_built_ins_or_main_bicep_outputs()
    {
        var known = AzdVariables.BuiltIns.Concat(compiled.Main.OutputNames).ToHashSet(StringComparer.Ordinal);

        var unknown = AzdVariables.In(azureYaml.Text).Where(name => !known.Contains(name)).ToList();

        Assert.True(unknown.Count == 0, $"set by nothing: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Azure_yaml_maps_every_host_setting_that_always_has_a_value()
    {
        var expected = HostSettings.Names.Except(HostSettings.Optional).Order(StringComparer.Ordinal);

        Assert.Equal(expected, azureYaml.ServiceEnvironment(Service).Keys.Order(StringComparer.Ordinal));
    }

    // azure.yaml and app/host.bicep state the settings twice; here both must carry the same value: the output
    // azure.yaml names is computed exactly as the parameter main.bicep feeds that setting in the app.
    [Fact]
    public void Azure_yaml_maps_each_setting_from_the_output_carrying_the_value_the_app_gets()
    {
        var appSettings = compiled.HostSettingValues();
        var hostParameters = compiled.Main.Deployment("host").Properties.GetProperty("parameters");

        Assert.All(azureYaml.ServiceEnvironment(Service), setting =>
        {
            var output = AzdVariables.Whole(setting.Value) ?? throw new FormatException($"{setting.Key}: '{setting.Value}' is not one ${{OUTPUT}}");
            var fed = hostParameters.GetProperty(ArmTemplate.ParameterIn(appSettings[setting.Key])).GetProperty("value").GetString();
            Assert.True(compiled.Main.Output(output) == fed, $"{setting.Key}: output {output} is {compiled.Main.Output(output)}, the app gets {fed}");
        });
    }

    [Fact]
    public void Parameters_file_gives_every_required_parameter_and_no_unknown_one()
    {
        var given = ParameterValues().Keys.ToHashSet(StringComparer.Ordinal);
        var declared = compiled.Main.ParameterNames.ToHashSet(StringComparer.Ordinal);

        Assert.Empty(given.Except(declared));
        Assert.Empty(declared.Where(name => !compiled.Main.Parameter(name).TryGetProperty("defaultValue", out _)).Except(given));
    }

    // A variable azd has no value for becomes an empty string without a word: each one a person must set is
    // documented with the command that sets it.
    [Fact]
    public void Parameters_file_variables_are_azd_built_ins_or_inputs_the_deploy_guide_documents()
    {
        var guide = File.ReadAllText(RepositoryLayout.File("docs", "deploy.md"));

        var undocumented = ParameterValues().Values.SelectMany(AzdVariables.In)
            .Where(name => !AzdVariables.BuiltIns.Contains(name))
            .Where(name => !guide.Contains($"azd env set {name}", StringComparison.Ordinal)
                && !guide.Contains($"azd env set-secret {name}", StringComparison.Ordinal))
            .ToList();

        Assert.True(undocumented.Count == 0, $"not in docs/deploy.md: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void Platform_secret_is_a_secure_parameter_fed_from_the_azd_environment()
    {
        Assert.Equal("securestring", compiled.Main.Parameter("platformClientSecret").GetProperty("type").GetString());
        Assert.NotNull(AzdVariables.Whole(ParameterValues()["platformClientSecret"]));
    }

    private static Dictionary<string, string> ParameterValues()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryLayout.File("infra", "main.parameters.json")));
        return file.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(parameter => parameter.Name, parameter => parameter.Value.GetProperty("value").GetString()!, StringComparer.Ordinal);
    }
}
