using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

/// <summary>infra/main.bicep compiled once to ARM JSON for every test that reads the template.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private ArmTemplate? main;

    internal BicepRun Build { get; private set; } = new(-1, "", "not built");

    internal ArmTemplate Main => main ?? throw new InvalidOperationException($"infra/main.bicep did not compile: {Build}");

    internal ArmResource HostApp => Main.Module("host").Single("Microsoft.App/containerApps");

    /// <summary>The container's environment variables by name, each with the ARM expression of its value.</summary>
    internal IReadOnlyDictionary<string, string> HostSettingValues()
    {
        var app = HostApp;
        var env = app.At("properties.template.containers")[0].GetProperty("env").GetString()!;
        return app.Template.Variable(ArmTemplate.VariableIn(env)).EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.GetString()!, StringComparer.Ordinal);
    }

    /// <summary>The module output main.bicep feeds into a module's parameter.</summary>
    internal (string Module, string Output) ModuleInput(string module, string parameter) =>
        ArmTemplate.ModuleOutputIn(Main.Deployment(module).Properties.GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString()!);

    public async Task InitializeAsync()
    {
        Build = await BicepCli.RunAsync("build", RepositoryLayout.MainBicep, "--stdout");
        if (Build.ExitCode == 0)
        {
            main = ArmTemplate.Parse(Build.Output);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "compiled infra/main.bicep";
}
