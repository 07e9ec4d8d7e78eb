using System.Text;
using PresenceGrains.Emulator;
using PresenceGrains.Platform.Events;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Acceptance;

[CollectionDefinition(LastCollectionOrderer.AuditCollection)]
public sealed class LogAuditCollection;

/// <summary>
/// Runs after every other test (see <see cref="LastCollectionOrderer"/>) and scans the log they all wrote for the
/// actual token values issued and the client secret. It first runs its own scenario over every token path, so it checks
/// something even when run alone.
/// </summary>
[Collection(LastCollectionOrderer.AuditCollection)]
public sealed class LogAuditTests
{
    [Fact]
    public async Task The_log_of_the_whole_run_holds_no_access_token_and_no_client_secret()
    {
        await using (var harness = await PlatformHarness.StartAsync(platform: p => p.MaxFrameBytes = 4096))
        {
            var events = harness.Run();
            var (_, connected) = await events.WaitForStateAsync(ChannelState.Connected);
            harness.Emulator.Faults.MalformedFrames = new MalformedFramesFault { Count = 1 };
            harness.Emulator.Faults.OversizedFrames = new OversizedFramesFault { Count = 1, SizeBytes = 8192 };
            harness.Emulator.Centre.SetUserState(harness.Emulator.Centre.Agents[0].AgentId, "notReady");
            harness.Emulator.ExpireTokens();
            var (_, windowAt) = await events.WaitForAsync<DisconnectionWindow>(from: connected);
            await events.WaitForStateAsync(ChannelState.Connected, windowAt);
            await harness.Platform.GetSnapshotsAsync(harness.WatchEverything.AgentIds, default);
        }

        var tokens = RecordingHandler.IssuedTokens.Keys.ToList();
        var entries = CapturedLog.Shared.Entries.ToList();
        Assert.True(tokens.Count >= 2, "the run issued fewer than two tokens");
        Assert.Contains(entries, e => e.Contains("access_token=" + Logging.SecretRedactor.Mask, StringComparison.Ordinal));

        string[] secrets =
        [
            TestOptions.ClientSecret,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestOptions.ClientId}:{TestOptions.ClientSecret}")),
            .. tokens,
            .. tokens.Select(Uri.EscapeDataString),
        ];
        var leaks = entries.Where(e => secrets.Any(s => e.Contains(s, StringComparison.Ordinal))).ToList();
        var first = leaks.Select(e => secrets.Aggregate(e, (text, secret) => text.Replace(secret, "<SECRET>", StringComparison.Ordinal))).FirstOrDefault();
        Assert.True(leaks.Count == 0, $"{leaks.Count} of {entries.Count} log entries leak a secret, first: {first}");
    }
}
