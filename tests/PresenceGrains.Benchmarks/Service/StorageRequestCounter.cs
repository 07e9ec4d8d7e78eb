using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;

namespace PresenceGrains.Benchmarks.Service;

/// <summary>
/// Counts the service's requests to Azure Storage by kind (table or queue, method, what they name), from the Azure SDK's
/// own event source: on Azurite, one Node process serves every request, so where its requests go is where the time goes.
/// </summary>
internal sealed partial class StorageRequestCounter : EventListener
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _writes;

    /// <summary>Requests that change something (everything but reads and queue polls), so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Waits until fewer than <paramref name="perSecond"/> writing requests a second go to storage for three seconds in a
    /// row (work a burst left behind — reminder registrations, state writes, history — is done), at most
    /// <paramref name="limit"/>; returns how long it waited.
    /// </summary>
    public async Task<TimeSpan> WaitSettledAsync(int perSecond, TimeSpan limit)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var quietSeconds = 0;
        var last = Writes;
        while (quietSeconds < 3 && waited.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = Writes;
            quietSeconds = now - last < perSecond ? quietSeconds + 1 : 0;
            last = now;
        }

        return waited.Elapsed;
    }

    /// <summary>Requests so far, by kind.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>What happened between two snapshots, largest first.</summary>
    public static IReadOnlyList<(string Kind, long Count)> Between(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        [.. after.Select(a => (a.Key, a.Value - before.GetValueOrDefault(a.Key))).Where(d => d.Item2 > 0).OrderByDescending(d => d.Item2)];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Azure-Core")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "Request" || eventData.Payload is not { Count: >= 3 } payload)
        {
            return;
        }

        var method = payload[1]?.ToString() ?? "?";
        if (method != "GET")
        {
            Interlocked.Increment(ref _writes);
        }

        var kind = Kind(method, payload[2]?.ToString() ?? "");
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }

    /// <summary>"POST $batch", "POST presence-stream-0/messages", ...: the account, keys and query values left out.</summary>
    private static string Kind(string method, string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return $"{method} ?";
        }

        var segments = parsed.AbsolutePath.Trim('/').Split('/').Skip(1).Select(s => KeyPart().Replace(s, "(…)")).ToArray();
        var path = string.Join('/', segments);
        path = MessageId().Replace(path, "messages/{id}");
        return $"{method} {path}";
    }

    [GeneratedRegex(@"\(.*\)$")]
    private static partial Regex KeyPart();

    [GeneratedRegex(@"messages/[0-9a-fA-F-]{36}")]
    private static partial Regex MessageId();
}
