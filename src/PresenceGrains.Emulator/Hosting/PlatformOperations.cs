using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.Genesys;
using PresenceGrains.Emulator.OAuth;

namespace PresenceGrains.Emulator.Hosting;

/// <summary>
/// The one-shot faults, shared by <see cref="EmulatorServer"/> and <c>/emulator/faults/{name}</c>.
/// <paramref name="channels"/> is set in the Genesys mode only.
/// </summary>
internal sealed class PlatformOperations(ChannelHub hub, TokenStore tokens, GenesysChannels? channels)
{
    public int OpenSockets => hub.Sessions.Count;

    public int GenesysChannels => channels?.Count ?? 0;

    public void DropSockets() => hub.DropAll();

    public void ExpireTokens()
    {
        tokens.ExpireAll();
        hub.RecheckTokens();
    }

    public void RevokeTokens()
    {
        tokens.RevokeAll();
        hub.RecheckTokens();
        channels?.RemoveRevoked();
    }

    /// <summary>Genesys: every socket hears <c>v2.system.socket_closing</c> and is closed after the grace.</summary>
    public void SocketClosing(SocketClosingFault fault)
    {
        foreach (var session in hub.Sessions)
        {
            if (session.Genesys is { } channel)
            {
                session.AnnounceClosing(GenesysFrames.SocketClosing(channel), TimeSpan.FromSeconds(fault.GraceSeconds));
            }
        }
    }

    /// <summary>Genesys: every channel expires now.</summary>
    public void ExpireChannels() => channels?.ExpireAll();

    public void StopSockets()
    {
        foreach (var session in hub.Sessions)
        {
            session.Stop();
        }
    }
}
