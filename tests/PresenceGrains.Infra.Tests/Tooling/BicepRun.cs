namespace PresenceGrains.Infra.Tests.Tooling;

/// <summary>What one Bicep CLI invocation printed and how it ended.</summary>
internal sealed record BicepRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Errors}";
}
