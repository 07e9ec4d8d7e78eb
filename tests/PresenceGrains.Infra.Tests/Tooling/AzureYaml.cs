using YamlDotNet.RepresentationModel;

namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>azure.yaml, read as a YAML tree (azd's schema is loose; only what the tests check is looked up).</summary>
internal sealed class AzureYaml
{
    /// <summary>The one service: the PresenceGrains host.</summary>
    public const string Host = "host";

    private readonly YamlMappingNode root;

    private AzureYaml(string text, YamlMappingNode root)
    {
        Text = text;
        this.root = root;
    }

    public string Text { get; }

    public static AzureYaml Load()
    {
        var text = File.ReadAllText(RepositoryLayout.File("azure.yaml"));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new AzureYaml(text, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public IReadOnlyList<string> ServiceNames => Mapping(root, "services").Children.Keys.Select(key => key.ToString()).ToList();

    public string ServiceValue(string service, params string[] path) =>
        path.Aggregate((YamlNode)Mapping(Mapping(root, "services"), service), (node, key) => ((YamlMappingNode)node)[key]).ToString();

    public IReadOnlyDictionary<string, string> ServiceEnvironment(string service) =>
        Mapping(Mapping(Mapping(root, "services"), service), "env").Children
            .ToDictionary(pair => pair.Key.ToString(), pair => pair.Value.ToString(), StringComparer.Ordinal);

    /// <summary>The service's project folder, absolute.</summary>
    public string ProjectDirectory(string service) => Path.GetFullPath(Path.Combine(RepositoryLayout.Root, ServiceValue(service, "project")));

    /// <summary>The service's Dockerfile, absolute (azd resolves docker.path from the project folder).</summary>
    public string Dockerfile(string service) => Path.GetFullPath(Path.Combine(ProjectDirectory(service), ServiceValue(service, "docker", "path")));

    /// <summary>The service's image build context, absolute (docker.context, from the project folder too).</summary>
    public string BuildContext(string service) => Path.GetFullPath(Path.Combine(ProjectDirectory(service), ServiceValue(service, "docker", "context")));

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode mapping
            ? mapping
            : throw new KeyNotFoundException($"azure.yaml has no mapping '{key}' there.");
}
