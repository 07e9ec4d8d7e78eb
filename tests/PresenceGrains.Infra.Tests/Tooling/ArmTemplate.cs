using System.Text.Json;
using System.Text.RegularExpressions;

namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>
/// A compiled ARM template as these tests read it: its resources, the templates of its modules (nested
/// deployments, by deployment name), parameters, variables and outputs. ARM expressions stay strings.
/// </summary>
internal sealed partial class ArmTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    private readonly JsonElement root;

    // Each module's template by deployment name, read once: a resource found twice belongs to one template object.
    private readonly Dictionary<string, ArmTemplate> modules;

    private ArmTemplate(JsonElement root)
    {
        this.root = root;
        Resources = ReadResources(root);
        modules = Resources.Where(IsModule).ToDictionary(
            deployment => deployment.Name,
            deployment => new ArmTemplate(deployment.Properties.GetProperty("template")),
            StringComparer.Ordinal);
    }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IEnumerable<ArmResource> AllResources =>
        Resources.Concat(Resources.Where(IsModule).SelectMany(module => Nested(module).AllResources));

    public IEnumerable<string> OutputNames => root.GetProperty("outputs").EnumerateObject().Select(output => output.Name);

    public static ArmTemplate Parse(string json) => new(JsonDocument.Parse(json).RootElement.Clone());

    public ArmResource Deployment(string name) =>
        Resources.SingleOrDefault(resource => IsModule(resource) && resource.Name == name)
        ?? throw new KeyNotFoundException($"No module deployment named '{name}'.");

    public ArmTemplate Module(string name) => Nested(Deployment(name));

    public ArmResource Single(string type) =>
        AllResources.SingleOrDefault(resource => resource.Type == type)
        ?? throw new KeyNotFoundException($"No single resource of type {type}.");

    public IEnumerable<string> ParameterNames => root.GetProperty("parameters").EnumerateObject().Select(parameter => parameter.Name);

    public JsonElement Parameter(string name) => root.GetProperty("parameters").GetProperty(name);

    public JsonElement Variable(string name) => root.GetProperty("variables").GetProperty(name);

    public string Output(string name) => root.GetProperty("outputs").GetProperty(name).GetProperty("value").GetString()!;

    /// <summary>Replaces each variables('x') whose value is a string literal by that literal, quoted as ARM does.</summary>
    public string ResolveVariables(string expression) =>
        VariableReference().Replace(expression, match =>
            Variable(match.Groups[1].Value) is { ValueKind: JsonValueKind.String } literal ? $"'{literal.GetString()}'" : match.Value);

    /// <summary>The name x of the one variables('x') an expression reads.</summary>
    public static string VariableIn(string expression) => SingleName(VariableReference(), expression, "variables");

    /// <summary>The name x of the one parameters('x') an expression reads.</summary>
    public static string ParameterIn(string expression) => SingleName(ParameterReference(), expression, "parameters");

    /// <summary>The module deployment and output an expression reads: reference(…deployments', 'm')…).outputs.o.value.</summary>
    public static (string Module, string Output) ModuleOutputIn(string expression)
    {
        var matches = ModuleOutputReference().Matches(expression);
        return matches.Count == 1
            ? (matches[0].Groups[1].Value, matches[0].Groups[2].Value)
            : throw new FormatException($"Expected one module output in {expression}.");
    }

    private static string SingleName(Regex pattern, string expression, string kind)
    {
        var names = pattern.Matches(expression).Select(match => match.Groups[1].Value).Distinct().ToList();
        return names.Count == 1 ? names[0] : throw new FormatException($"Expected one {kind}('…') in {expression}.");
    }

    private static bool IsModule(ArmResource resource) => resource.Type == DeploymentType;

    private ArmTemplate Nested(ArmResource deployment) => modules[deployment.Name];

    // Bicep writes resources as an array, or as an object keyed by symbolic name (languageVersion 2.0).
    private IReadOnlyList<ArmResource> ReadResources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        var elements = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(property => property.Value)
            : resources.EnumerateArray();
        return elements.Where(element => !element.TryGetProperty("existing", out _))
            .Select(element => new ArmResource(this, element)).ToList();
    }

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '([^']+)'\), '[^']+'\)\.outputs\.([^.]+)\.value")]
    private static partial Regex ModuleOutputReference();

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterReference();
}
