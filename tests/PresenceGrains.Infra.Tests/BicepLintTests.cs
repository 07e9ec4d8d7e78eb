using System.Text.Json;
using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

public sealed class BicepLintTests
{
    [Fact]
    public async Task Main_bicep_and_its_modules_lint_without_warnings_or_errors()
    {
        var lint = await BicepCli.RunAsync("lint", RepositoryLayout.MainBicep, "--diagnostics-format", "sarif");

        var findings = Findings(lint);

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
        Assert.True(lint.ExitCode == 0, lint.ToString());
    }

    // The clean lint above means something only if the repository's linter settings are live: an API version
    // years old must be reported under infra/bicepconfig.json.
    [Fact]
    public async Task Repository_linter_settings_report_an_outdated_api_version()
    {
        var directory = Directory.CreateTempSubdirectory("infra-lint-");
        try
        {
            File.Copy(RepositoryLayout.File("infra", "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var file = Path.Combine(directory.FullName, "old.bicep");
            await File.WriteAllTextAsync(file, """
                resource storage 'Microsoft.Storage/storageAccounts@2021-01-01' = {
                  name: 'stlintprobe'
                  location: resourceGroup().location
                  kind: 'StorageV2'
                  sku: {
                    name: 'Standard_LRS'
                  }
                }

                output id string = storage.id

                """);

            var lint = await BicepCli.RunAsync("lint", file, "--diagnostics-format", "sarif");

            Assert.Contains(Findings(lint), finding => finding.StartsWith("use-recent-api-versions", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<string> Findings(BicepRun lint)
    {
        using var sarif = JsonDocument.Parse(lint.Output);
        return sarif.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(run => run.GetProperty("results").EnumerateArray())
            .Select(Describe)
            .ToList();
    }

    private static string Describe(JsonElement result)
    {
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        var file = Path.GetRelativePath(RepositoryLayout.Root, new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath);
        var line = location.GetProperty("region").GetProperty("startLine").GetInt32();
        return $"{result.GetProperty("ruleId").GetString()}: {file}:{line}: {result.GetProperty("message").GetProperty("text").GetString()}";
    }
}
