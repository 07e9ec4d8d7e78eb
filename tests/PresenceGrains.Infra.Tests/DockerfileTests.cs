using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

// Docker cannot build here (no daemon, no image registry): these read the Dockerfile azure.yaml points at and
// check it against the repository and the template.
[Collection(CompiledTemplateCollection.Name)]
public sealed class DockerfileTests(CompiledTemplate compiled)
{
    private static readonly AzureYaml Manifest = AzureYaml.Load();

    private static readonly string ContextRoot = Manifest.BuildContext(AzureYaml.Host);

    private static readonly IReadOnlyList<DockerInstruction> Instructions = DockerInstruction.Read(Manifest.Dockerfile(AzureYaml.Host));

    [Fact]
    public void Builds_with_the_dotnet_10_sdk_and_runs_on_the_aspnet_10_runtime_as_non_root()
    {
        var stages = Instructions.Where(instruction => instruction.Keyword == "FROM").Select(instruction => instruction.Words[0]).ToList();

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", stages[0]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", stages[^1]);
        var finalStage = Instructions.Skip(Instructions.ToList().FindLastIndex(instruction => instruction.Keyword == "FROM"));
        Assert.Contains(finalStage, instruction => instruction.Keyword == "USER");
    }

    [Fact]
    public void Every_path_it_copies_exists_in_the_build_context()
    {
        var sources = Instructions
            .Where(instruction => instruction.Keyword == "COPY" && !instruction.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(instruction => instruction.Words.SkipLast(1))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(Path.Exists(Path.Combine(ContextRoot, source)), $"COPY {source}: not in {ContextRoot}"));
    }

    [Fact]
    public void Publishes_the_project_azure_yaml_names_and_starts_its_assembly()
    {
        var project = Path.GetRelativePath(ContextRoot, Path.Combine(Manifest.ProjectDirectory(AzureYaml.Host), "PresenceGrains.Host.csproj")).Replace('\\', '/');

        Assert.Contains(Instructions, instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains($"dotnet publish {project}", StringComparison.Ordinal));
        Assert.Contains("PresenceGrains.Host.dll", Assert.Single(Instructions, instruction => instruction.Keyword == "ENTRYPOINT").Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Listens_on_the_port_the_ingress_targets_and_exposes_the_orleans_ports()
    {
        var port = compiled.HostApp.At("properties.configuration.ingress.targetPort").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var exposed = Instructions.Where(instruction => instruction.Keyword == "EXPOSE").SelectMany(instruction => instruction.Words).ToList();

        Assert.Contains(port, exposed);
        Assert.Contains("11111", exposed);
        Assert.Contains("30000", exposed);
        Assert.Contains(Instructions, instruction => instruction.Keyword == "ENV" && instruction.Arguments == $"ASPNETCORE_HTTP_PORTS={port}");
    }

    [Fact]
    public void Build_context_leaves_out_build_outputs()
    {
        var ignored = File.ReadAllLines(Path.Combine(ContextRoot, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }
}
