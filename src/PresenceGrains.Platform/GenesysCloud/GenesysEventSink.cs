using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Events;

namespace PresenceGrains.Platform.GenesysCloud;

/// <summary>
/// The one bounded buffer every channel of the tenant writes into. <see cref="EventBuffer"/> has one writer; here there
/// is one per socket, so writes take turns. A delta still waits at most the back-pressure timeout for room, then is shed.
/// </summary>
internal sealed class GenesysEventSink(EventBuffer buffer) : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public EventBuffer Buffer => buffer;

    public async ValueTask PublishAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await buffer.PublishAsync(platformEvent, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask<bool> OfferAsync(PlatformEvent platformEvent, string? agentId, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await buffer.OfferAsync(platformEvent, agentId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();
}
