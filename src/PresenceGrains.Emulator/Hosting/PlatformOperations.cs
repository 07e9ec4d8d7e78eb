using PresenceGrains.Emulator.Channel;
using PresenceGrains.Emulator.OAuth;

namespace PresenceGrains.Emulator.Hosting;

/// <summary>The one-shot faults, shared by <see cref="EmulatorServer"/> and <c>/emulator/faults/{name}</c>.</summary>
internal sealed class PlatformOperations(ChannelHub hub, TokenStore tokens)
{
    public int OpenSockets => hub.Sessions.Count;

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
    }

    public void StopSockets()
    {
        foreach (var session in hub.Sessions)
        {
            session.Stop();
        }
    }
}
