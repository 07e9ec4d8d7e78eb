using System.Text.Json;
using System.Text.RegularExpressions;
using PresenceGrains.Infra.Tests.Tooling;

namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class AlertTests(CompiledTemplate compiled)
{
    private const string RuleType = "Microsoft.Insights/scheduledQueryRules";

    private ArmTemplate Alerts => compiled.Main.Module("alerts");

    [Fact]
    public void The_four_alerts_that_matter_are_log_rules_on_the_application_insights_the_host_sends_to()
    {
        var rule = Assert.Single(Alerts.Resources, resource => resource.Type == RuleType);

        Assert.Equal(["channel-not-connected", "grain-call-timeouts", "no-heartbeat", "publication-latency"], Rules().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal("[length(variables('rules'))]", rule.Json.GetProperty("copy").GetProperty("count").GetString());
        Assert.True(rule.At("properties.enabled").GetBoolean());
        var scope = ArmTemplate.ParameterIn(Assert.Single(rule.At("properties.scopes").EnumerateArray()).GetString()!);
        Assert.Equal(("applicationinsights", "id"), compiled.ModuleInput("alerts", scope));
    }

    // Thresholds are the module's parameters, with defaults, so that a deployment tunes them without touching a query.
    [Fact]
    public void Every_rule_takes_its_threshold_from_a_parameter_with_a_default()
    {
        Assert.All(Rules(), rule =>
        {
            var thresholds = ParameterReference().Matches(rule.GetProperty("query").GetString()!).Select(m => m.Groups[1].Value).ToList();

            Assert.NotEmpty(thresholds);
            Assert.All(thresholds, name => Assert.True(Alerts.Parameter(name).TryGetProperty("defaultValue", out _), $"{name} has no default"));
        });
    }

    [Fact]
    public void Every_rule_names_a_runbook_paragraph_the_deploy_guide_has()
    {
        var headings = File.ReadAllLines(RepositoryLayout.File("docs", "deploy.md"))
            .Where(line => line.StartsWith("#### ", StringComparison.Ordinal))
            .Select(line => line[5..].Trim())
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Rules(), rule =>
        {
            var runbook = RunbookReference().Match(rule.GetProperty("description").GetString()!);
            Assert.True(runbook.Success, $"{rule.GetProperty("name")}: no 'Runbook: …' in its description");
            Assert.Contains(runbook.Groups[1].Value, headings);
        });
    }

    private List<JsonElement> Rules() => [.. Alerts.Variable("rules").EnumerateArray()];

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"Runbook: ([^.]+)\.")]
    private static partial Regex RunbookReference();
}
