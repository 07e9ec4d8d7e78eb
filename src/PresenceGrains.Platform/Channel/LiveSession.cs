using System.Net.WebSockets;
using PresenceGrains.Domain.Channel;

namespace PresenceGrains.Platform.Channel;

/// <summary>One running socket of the channel: its token, its role, and its session's end.</summary>
internal sealed class LiveSession(ClientWebSocket socket, AccessToken token, SessionRole role, Task<SessionEnd> ended, CancellationTokenSource stop, DateTimeOffset startedAt)
    : IDisposable
{
    public AccessToken Token { get; } = token;

    public SessionRole Role { get; } = role;

    public Task<SessionEnd> Ended { get; } = ended;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Waits for the platform's acknowledgement of the subscription; throws when the session ends first.</summary>
    public async Task SubscribedAsync(CancellationToken cancellationToken)
    {
        if (await Task.WhenAny(Role.Acknowledged, Ended).WaitAsync(cancellationToken).ConfigureAwait(false) != Role.Acknowledged)
        {
            var end = await Ended.ConfigureAwait(false);
            throw new RotationAbandonedException($"the new socket ended before its subscription was acknowledged: {end.Cause}");
        }
    }

    /// <summary>Closes with a close handshake, and waits (bounded) for the reader to see the platform's answer.</summary>
    public async Task CloseAsync(TimeSpan timeout, TimeProvider time)
    {
        try
        {
            using var limit = new CancellationTokenSource(timeout, time);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "token rotated", limit.Token).ConfigureAwait(false);
            await Ended.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // A socket that does not close in time is dropped by AbortAsync.
        }
    }

    /// <summary>Ends the session if it still runs, and waits for it.</summary>
    public async Task AbortAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Ended.ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Ended on purpose: how does not matter.
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        stop.Dispose();
    }
}
